/**
 * Hostile-token corpus: JSON duplicates and prototype pollution, the verified-token cache, multi-tenant and v1. Each case asserts the correct behaviour; cases marked
 * `// Was a defect, now fixed:` failed when the corpus was written. Shared helpers: ./corpus.ts.
 */
import { KeyObject, randomUUID } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { AZURE_CLI, CLIENT_ID, OTHER_TENANT_ID, TENANT_ID, USER_OID, createTestKey, signRaw } from '../../support/test-issuer.ts';
import { type Harness } from '../harness.ts';
import { MSA_TENANT, WHOAMI, signText, forge, claimsOf, extraHarness, answer, h, kid, refuse, goodClaims } from './corpus.ts';

describe('JSON duplicate keys and prototype pollution', () => {
  it('duplicate claims: the server authorizes on the same (last) value the signature covers', async () => {
    const c = await goodClaims();
    const text = JSON.stringify({ ...c, scp: 'other' }).replace(/^\{/, '{"scp":"access_as_user",');
    const res = await refuse(signText(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }), text, h.issuer.signingKey));
    expect(res.status).toBe(403);
  });

  it('__proto__ in the header cannot smuggle in jku/crit, and pollutes nothing', async () => {
    const c = JSON.stringify(await goodClaims());
    const token = signText(`{"typ":"JWT","alg":"RS256","kid":"${kid}","__proto__":{"jku":"http://127.0.0.1:1/","crit":["x"],"alg":"HS256"}}`, c, h.issuer.signingKey);
    const res = await answer(h, token);
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>)['jku']).toBeUndefined();
    expect(({} as Record<string, unknown>)['crit']).toBeUndefined();
  });

  it('__proto__ in the payload cannot supply scp, roles or azp, and pollutes nothing', async () => {
    const harness = await extraHarness({ REQUIRED_APP_ROLE: 'MCP.Invoke' });
    const base = claimsOf(await harness.issuer.mint({ scp: undefined, azp: undefined, azpacr: undefined }));
    const text = JSON.stringify(base).replace(/^\{/, '{"__proto__":{"scp":"access_as_user","roles":["MCP.Invoke"],"azp":"x","oid":"x"},');
    const res = await answer(harness, signText(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: harness.issuer.signingKey.kid }), text, harness.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/ID token sent/);
    for (const k of ['scp', 'roles', 'azp', 'oid']) expect(({} as Record<string, unknown>)[k]).toBeUndefined();
  });

  it('constructor/toString/hasOwnProperty claims are data, not behaviour', async () => {
    const res = await answer(h, signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims({ constructor: 'x', toString: 'y', hasOwnProperty: 'z', valueOf: 1 }), h.issuer.signingKey), WHOAMI);
    expect(res.status).toBe(200);
  });
});

describe('the verified-token cache', () => {
  it('never lends one principal to another token: two users, two answers', async () => {
    const other = '11111111-0000-0000-0000-000000000002';
    const a = await h.issuer.mint({ uti: randomUUID() });
    const b = await h.issuer.mint({ uti: randomUUID(), oid: other, name: 'Grace Hopper' });
    for (let i = 0; i < 2; i++) {
      const ra = JSON.parse((await answer(h, a, WHOAMI)).text) as { result: { structuredContent: { oid: string } } };
      const rb = JSON.parse((await answer(h, b, WHOAMI)).text) as { result: { structuredContent: { oid: string } } };
      expect(ra.result.structuredContent.oid).toBe(USER_OID);
      expect(rb.result.structuredContent.oid).toBe(other);
    }
  });

  it('a cached token with one byte of its signature changed is not a cache hit', async () => {
    const token = await h.issuer.mint({ uti: randomUUID() });
    expect((await answer(h, token)).status).toBe(200);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect((await refuse(tampered)).status).toBe(401);
  });

  it('a cache hit still runs authorization: a cached token from a disallowed client stays refused', async () => {
    const harness = await extraHarness({ ALLOWED_CLIENT_APPS: 'aebc6443-996d-45c2-90f0-388ff96faa56' });
    const token = await harness.issuer.mint({ azp: AZURE_CLI });
    expect((await answer(harness, token)).status).toBe(403);
    expect((await answer(harness, token)).status).toBe(403);
  });

  // Was a defect, now fixed: verified-token-cache.ts:25 revalidates a hit with `keys.hasKey(kid)` only. When
  // the JWKS replaces the key material under the same kid (an emergency re-key), the key that
  // signed the cached token has left the JWKS, yet the token keeps being accepted until it
  // expires. Issue 2: "keys dropped from the JWKS invalidate what they signed". Fix: cache the
  // SigningKey (or its KeyObject) and require `store.currentKey(kid) === entry.key`.
  it('re-keying a kid invalidates cached tokens signed by the old key material', async () => {
    const harness = await extraHarness();
    const token = await harness.issuer.mint({ uti: randomUUID() });
    expect((await answer(harness, token)).status).toBe(200);
    harness.issuer.published = [await createTestKey(harness.issuer.signingKey.kid)];
    await harness.server.keys.refresh();
    expect(harness.server.keys.hasKey(harness.issuer.signingKey.kid)).toBe(true);
    expect((await answer(harness, await harness.issuer.mint({ uti: randomUUID() }))).status).toBe(401); // uncached: refused
    expect((await answer(harness, token)).status).toBe(401); // cached: must be refused too
  });
});

describe('multi-tenant (organizations) issuer confusion', () => {
  const ALLOWED_B = 'bbbbbbbb-0000-4000-8000-000000000000';
  async function multi(): Promise<Harness> {
    return extraHarness({ AZURE_TENANT_ID: 'organizations', ALLOWED_TENANTS: `${TENANT_ID},${ALLOWED_B}` }, { tenant: 'organizations', keyIssuerProperty: true });
  }

  it.each<[string, (host: string) => Record<string, unknown>]>([
    ['the literal {tenantid} template as issuer', (host) => ({ iss: `${host}/{tenantid}/v2.0` })],
    ['the organizations issuer', (host) => ({ iss: `${host}/organizations/v2.0` })],
    ['the common issuer', (host) => ({ iss: `${host}/common/v2.0` })],
    ['tid of one allowed tenant, issuer of the other allowed tenant', (host) => ({ tid: TENANT_ID, iss: `${host}/${ALLOWED_B}/v2.0` })],
    ['tid of the MSA tenant (not allowed)', (host) => ({ tid: MSA_TENANT, iss: `${host}/${MSA_TENANT}/v2.0` })],
    ['an allowed tid, issuer on another host', () => ({ tid: TENANT_ID, iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` })],
    ['an allowed tid in upper case with a lower-case issuer', (host) => ({ tid: TENANT_ID.toUpperCase(), iss: `${host}/${TENANT_ID}/v2.0` })],
    ['tid organizations', (host) => ({ tid: 'organizations', iss: `${host}/organizations/v2.0` })],
  ])('refuses %s', async (_name, extra) => {
    const harness = await multi();
    const res = await answer(harness, await harness.issuer.mint(extra(harness.issuer.host)));
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
  });

  // Was a defect, now fixed: check-claims.ts:49-50 (called from verify-access-token.ts:60 before any key is
  // looked up) answers "token's tenant is not in ALLOWED_TENANTS" for a token nobody signed,
  // while a forged token naming an allowed tenant gets "signature is invalid". Tenant ids are
  // public (OIDC discovery by domain), so anyone can ask, with no credential, "is contoso.com
  // a customer of this MCP server?". RFC 7519 §7.2 / RFC 8725 §3.1: validate the signature
  // before acting on claims. Fix: report claim failures only once the signature verified
  // (look the key up without refetching when claims already failed).
  it('an unsigned token reveals nothing about ALLOWED_TENANTS: the same answer for an allowed and a foreign tenant', async () => {
    const harness = await multi();
    const base = claimsOf(await harness.issuer.mint());
    const forged = (tid: string) => forge({ typ: 'JWT', alg: 'RS256', kid: harness.issuer.signingKey.kid }, { ...base, tid, iss: `${harness.issuer.host}/${tid}/v2.0` });
    const allowed = await answer(harness, forged(ALLOWED_B));
    const foreign = await answer(harness, forged(OTHER_TENANT_ID));
    expect([allowed.status, foreign.status]).toEqual([401, 401]);
    expect(foreign.params['error_description']).toBe(allowed.params['error_description']);
  });

  it('accepts each allowed tenant with its own issuer', async () => {
    const harness = await multi();
    for (const tid of [TENANT_ID, ALLOWED_B]) expect((await answer(harness, await harness.issuer.mint({ tid }))).status).toBe(200);
  });

  it('a key tagged for one tenant cannot vouch for another allowed tenant', async () => {
    // No issuer property from the test issuer itself: it would overwrite the one set here.
    const harness = await extraHarness({ AZURE_TENANT_ID: 'organizations', ALLOWED_TENANTS: `${TENANT_ID},${ALLOWED_B}` }, { tenant: 'organizations' });
    harness.issuer.published = [{ ...harness.issuer.signingKey, jwk: { ...harness.issuer.signingKey.jwk, issuer: `${harness.issuer.host}/${ALLOWED_B}/v2.0` } as JWK }];
    await harness.server.keys.refresh();
    expect((await answer(harness, await harness.issuer.mint({ tid: ALLOWED_B }))).status).toBe(200);
    const res = await answer(harness, await harness.issuer.mint({ tid: TENANT_ID }));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/does not belong to its issuer/);
  });
});

describe('v1 tokens when enabled', () => {
  const v1 = (extra: Record<string, unknown> = {}) => ({ ver: '1.0', iss: `https://sts.windows.net/${TENANT_ID}/`, aud: `api://${CLIENT_ID}`, appid: AZURE_CLI, azp: undefined, ...extra });
  it.each<[string, Record<string, unknown>]>([
    ['the v2 issuer', { iss: `\${host}/${TENANT_ID}/v2.0` }],
    ['the v1 issuer without its trailing slash', { iss: `https://sts.windows.net/${TENANT_ID}` }],
    ['the v1 issuer template', { iss: 'https://sts.windows.net/{tenantid}/' }],
    ['another tenant in tid and issuer', { tid: OTHER_TENANT_ID, iss: `https://sts.windows.net/${OTHER_TENANT_ID}/` }],
    ['an App ID URI that is not api://{clientId}', { aud: 'https://contoso.example/api' }],
    ['the Graph App ID URI', { aud: 'https://graph.microsoft.com' }],
    ['a v1 ID token (no appid)', { appid: undefined, scp: undefined, unique_name: 'ada@contoso.example' }],
  ])('refuses a v1 token with %s', async (_name, extra) => {
    const harness = await extraHarness({ ACCEPT_V1_TOKENS: 'true' });
    const fixed = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'string' ? v.replace('${host}', harness.issuer.host) : v]));
    const res = await answer(harness, await harness.issuer.mint(v1(fixed)));
    expect(res.status).toBe(401);
  });
});
