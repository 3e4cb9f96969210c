/**
 * Hostile-token corpus: the JWKS fetcher, and what must never leak. Each case asserts the correct behaviour; cases marked
 * `// Was a defect, now fixed:` failed when the corpus was written. Shared helpers: ./corpus.ts.
 */
import { randomUUID, sign } from 'node:crypto';
import type { JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../../server/src/index.ts';
import { CLIENT_ID, OTHER_TENANT_ID, createTestKey, startTestIssuer } from '../../support/test-issuer.ts';
import { LIST_TOOLS } from '../harness.ts';
import { b64, nowS, GRAPH, WHOAMI, forge, claimsOf, extraHarness, answer, kid, open } from './corpus.ts';

describe('the JWKS fetcher', () => {
  // Was a defect, now fixed: the key store fetched whatever `jwks_uri` the discovery document
  // named, on any host and scheme, following redirects. Entra's jwks_uri is always on the
  // authority's own origin ({host}/{tenant}/discovery/v2.0/keys,
  // https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc), so a document that
  // points elsewhere is a misconfiguration, an SSRF lever (internal URLs) or a key-substitution
  // path. The store requires the authority's origin, follows no redirect and caps the size.
  it('refuses keys from a jwks_uri on another origin than the authority', async () => {
    const victim = await startTestIssuer();
    const attacker = await startTestIssuer();
    open.push(victim, attacker);
    const rewriting: typeof fetch = async (input, init) => {
      const url = String(input);
      const res = await fetch(input, init);
      if (!url.endsWith('/.well-known/openid-configuration')) return res;
      const doc = (await res.json()) as Record<string, unknown>;
      return Response.json({ ...doc, jwks_uri: `${attacker.host}/${attacker.tenant}/discovery/v2.0/keys` });
    };
    const config = loadConfig({ AZURE_TENANT_ID: victim.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: victim.host, PORT: '0', LOG_LEVEL: 'silent' });
    const server = await startServer(config, { fetch: rewriting });
    open.push(server);
    const token = await attacker.mint({ iss: victim.issuer }, { key: attacker.signingKey });
    const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(LIST_TOOLS) });
    expect(attacker.jwksRequests).toBe(0);
    // No key was ever taken, so nothing can be verified yet: fail closed, retry later.
    expect(res.status).toBe(503);
  });

  async function clocked(down: boolean) {
    const issuer = await startTestIssuer();
    issuer.down = down;
    open.push(issuer);
    let t = Date.now();
    const config = loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0', LOG_LEVEL: 'silent' });
    const fetches = { count: 0 };
    const counting: typeof fetch = (input, init) => {
      fetches.count += 1;
      return fetch(input, init);
    };
    const server = await startServer(config, { now: () => t, fetch: counting });
    open.push(server);
    const call = async (token: string) =>
      (await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(LIST_TOOLS) })).status;
    return { issuer, server, call, fetches, advance: (seconds: number) => (t += seconds * 1000) };
  }

  it('an unknown-kid flood during a JWKS outage: one attempt per cooldown, cached keys keep serving', async () => {
    const { issuer, call, advance, fetches } = await clocked(false);
    issuer.down = true;
    advance(301);
    const before = fetches.count;
    const flood = await Promise.all(Array.from({ length: 50 }, () => issuer.mint({ uti: randomUUID() }, { header: { kid: randomUUID() } })));
    const statuses = await Promise.all([...flood.map(call), call(await issuer.mint({ uti: randomUUID() }))]);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(200);
    expect(fetches.count - before).toBe(1); // one attempt (the JWKS answered 503) for 50 unknown kids
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('cold start with the issuer down: 503 for everyone; once it is back, concurrent requests share one fetch', async () => {
    const { issuer, server, call, advance } = await clocked(true);
    const token = await issuer.mint({ uti: randomUUID() });
    expect(await call(token)).toBe(503);
    issuer.down = false;
    advance(301);
    const before = issuer.jwksRequests;
    const statuses = await Promise.all(Array.from({ length: 20 }, () => call(token)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(issuer.jwksRequests - before).toBe(1);
    expect(server.keys.ready).toBe(true);
  });

  it('a JWKS whose only key is symmetric (kty oct) yields no usable key: fail closed, not ready', async () => {
    const issuer = await startTestIssuer();
    open.push(issuer);
    issuer.published = [{ ...issuer.signingKey, jwk: { kty: 'oct', kid: issuer.signingKey.kid, k: 'c2VjcmV0' } as JWK }];
    const config = loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0', LOG_LEVEL: 'silent' });
    const server = await startServer(config);
    open.push(server);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    const res = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${await issuer.mint()}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(LIST_TOOLS) });
    expect(res.status).toBe(503);
  });

  it.each([
    ['a 1024-bit RSA key', { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }],
    ['an EC P-256 key (token says RS256)', { name: 'ECDSA', namedCurve: 'P-256' }],
  ] as const)('a JWKS key that RS256 must not use (%s) verifies nothing', async (_name, algorithm) => {
    const harness = await extraHarness();
    const pair = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid: 'weak', use: 'sig' } as JWK;
    delete jwk.key_ops;
    delete jwk.ext;
    harness.issuer.published = [harness.issuer.signingKey, { kid: 'weak', privateKey: pair.privateKey, jwk }];
    await harness.server.keys.refresh();
    const claims = claimsOf(await harness.issuer.mint());
    const input = `${b64(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'weak' }))}.${b64(JSON.stringify(claims))}`;
    const signature = algorithm.name === 'ECDSA'
      ? await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, Buffer.from(input))
      : await crypto.subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, Buffer.from(input));
    const res = await answer(harness, `${input}.${Buffer.from(signature).toString('base64url')}`);
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/signature is invalid/);
  });

  it('a published encryption key (use: enc) is never used to verify', async () => {
    const harness = await extraHarness();
    const enc = await createTestKey();
    harness.issuer.published = [harness.issuer.signingKey, { ...enc, jwk: { ...enc.jwk, use: 'enc' } }];
    await harness.server.keys.refresh();
    expect(harness.server.keys.hasKey(enc.kid)).toBe(false);
    expect((await answer(harness, await harness.issuer.mint({}, { key: enc }))).status).toBe(401);
  });
});

describe('leakage', () => {
  it('no token sent to a server, good or hostile, in a header, the query or the path, appears in its logs', async () => {
    // Its own server and its own traffic, so the answer does not depend on which tests ran before.
    const harness = await extraHarness({ LOG_LEVEL: 'trace' });
    const good = await harness.issuer.mint({ uti: randomUUID() });
    const claims = claimsOf(good);
    const tokens = [
      good,
      await harness.issuer.mint({ exp: nowS() - 3600, nbf: nowS() - 7200 }),
      await harness.issuer.mint({ aud: GRAPH }),
      await harness.issuer.mint({ tid: OTHER_TENANT_ID, iss: `${harness.issuer.host}/${OTHER_TENANT_ID}/v2.0` }),
      await harness.issuer.mint({}, { header: { kid: randomUUID() } }),
      forge({ typ: 'JWT', alg: 'RS256', kid: harness.issuer.signingKey.kid }, claims),
      forge({ typ: 'JWT', alg: 'none' }, claims),
    ];
    const statuses: number[] = [];
    for (const token of tokens) statuses.push((await harness.mcp(token, WHOAMI)).status);
    statuses.push((await harness.mcp(undefined, LIST_TOOLS, {}, `/mcp?access_token=${good}`)).status);
    statuses.push((await fetch(`${harness.server.url}/mcp/${good}`)).status);
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 400, 404]);
    const all = harness.logs.join('\n');
    expect(harness.logs.length).toBeGreaterThanOrEqual(statuses.length);
    for (const token of tokens) {
      for (const segment of token.split('.')) if (segment.length > 20) expect(all).not.toContain(segment);
    }
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
