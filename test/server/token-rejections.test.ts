import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_CLI, CLIENT_ID, OTHER_TENANT_ID, TENANT_ID, createTestKey, signRaw } from '../support/test-issuer.ts';
import { challengeParams, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function refusal(token: string) {
  const res = await h.mcp(token);
  const params = challengeParams(res.headers.get('www-authenticate'));
  return { status: res.status, params, body: (await res.json()) as Record<string, string> };
}

const now = () => Math.floor(Date.now() / 1000);

describe('the server refuses every token that is not an access token for this API', () => {
  it('accepts a good v2 delegated token (the baseline the cases below differ from)', async () => {
    const res = await h.mcp(await h.issuer.mint());
    expect(res.status).toBe(200);
  });

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a v1 token (sts.windows.net issuer, api:// audience)', () => h.issuer.mint({ ver: '1.0', iss: `https://sts.windows.net/${TENANT_ID}/`, aud: `api://${CLIENT_ID}`, appid: AZURE_CLI, azp: undefined }), /v1 token: set requestedAccessTokenVersion to 2/],
    ['a Microsoft Graph token', () => h.issuer.mint({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read' }), /audience is Microsoft Graph, not this API/],
    ['a Graph token with the URL audience', () => h.issuer.mint({ aud: 'https://graph.microsoft.com', scp: 'User.Read' }), /Microsoft Graph/],
    ['an ID token for the app itself (same aud)', () => h.issuer.mint({ scp: undefined, azp: undefined, azpacr: undefined, nonce: 'n-0S6_WzA2Mj' }), /ID token sent/],
    ['an ID token without nonce', () => h.issuer.mint({ scp: undefined, azp: undefined, azpacr: undefined }), /ID token sent/],
    ['a token for another API', () => h.issuer.mint({ aud: '99999999-9999-9999-9999-999999999999' }), /audience is not this API/],
    ['a token from another tenant', () => h.issuer.mint({ tid: OTHER_TENANT_ID, iss: `${h.issuer.host}/${OTHER_TENANT_ID}/v2.0` }), /another tenant/],
    ['a token whose issuer is not the tenant authority', () => h.issuer.mint({ iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` }), /issuer is not/],
    ['an expired token', () => h.issuer.mint({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }), /expired/],
    ['a token not valid yet', () => h.issuer.mint({ nbf: now() + 3600, exp: now() + 7200 }), /not valid yet/],
    ['a token without exp', () => h.issuer.mint({ exp: undefined }), /no exp claim/],
    ['a token signed by an unknown key', async () => h.issuer.mint({}, { key: await createTestKey() }), /signing key not found/],
    ['a token with a forged signature (published kid, other key)', async () => { const k = await createTestKey(h.issuer.signingKey.kid); return h.issuer.mint({}, { key: k }); }, /signature is invalid/],
    ['alg none', async () => { const t = await h.issuer.mint(); const [, p] = t.split('.'); return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: h.issuer.signingKey.kid })).toString('base64url')}.${p}.`; }, /algorithm none is not allowed/],
    ['HS256 signed with the public key as secret', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(h.issuer.signingKey.jwk));
      return new SignJWT({ aud: CLIENT_ID, iss: h.issuer.issuer, tid: TENANT_ID, ver: '2.0', scp: 'access_as_user', azp: AZURE_CLI, oid: 'x', sub: 'y', exp: now() + 600 }).setProtectedHeader({ alg: 'HS256', kid: h.issuer.signingKey.kid }).sign(secret);
    }, /algorithm HS256 is not allowed/],
    ['an embedded jwk header (attacker key)', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      return h.issuer.mint({}, { key: { kid: h.issuer.signingKey.kid, privateKey, jwk: {} }, header: { jwk: await exportJWK(publicKey) } });
    }, /carry or point at keys/],
    ['a jku header', () => h.issuer.mint({}, { header: { jku: 'http://127.0.0.1:1/keys' } }), /carry or point at keys/],
    ['an x5u header', () => h.issuer.mint({}, { header: { x5u: 'http://127.0.0.1:1/cert' } }), /carry or point at keys/],
    ['an unknown crit header', async () => {
      const [, payload] = (await h.issuer.mint()).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
      return signRaw({ typ: 'JWT', alg: 'RS256', kid: h.issuer.signingKey.kid, crit: ['exp-ext'], 'exp-ext': true }, claims, h.issuer.signingKey);
    }, /critical header/],
    ['garbage', async () => 'bm90LWEtand0LWdhcmJhZ2U.Z2FyYmFnZS1wYXlsb2FkLWhlcmU.c2ln', /not valid JSON|not a signed JWT/],
    ['a JWE-shaped token', async () => 'eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVka2V5a2V5.aXZpdml2aXY.Y2lwaGVydGV4dGNpcGhlcg.dGFndGFndGFn', /encrypted tokens/],
  ];

  it.each(cases)('401 invalid_token for %s, with a reason and never the token', async (_name, make, reason) => {
    const token = await make();
    const { status, params, body } = await refusal(token);
    expect(status).toBe(401);
    expect(params['error']).toBe('invalid_token');
    expect(params['error_description']).toMatch(reason);
    expect(params['resource_metadata']).toBe(`${h.server.publicUrl}/.well-known/oauth-protected-resource/mcp`);
    expect(body['error_description']).toMatch(reason);
    expect(JSON.stringify(body) + JSON.stringify(params)).not.toContain(token.split('.')[1]);
  });

  it('403 insufficient_scope with the scope for a delegated token without access_as_user', async () => {
    const { status, params } = await refusal(await h.issuer.mint({ scp: 'access_as_user_extra other.scope' }));
    expect(status).toBe(403);
    expect(params['error']).toBe('insufficient_scope');
    expect(params['scope']).toBe(`api://${CLIENT_ID}/access_as_user`);
  });

  it('matches the scope as a whole word among several', async () => {
    expect((await h.mcp(await h.issuer.mint({ scp: 'Files.Read access_as_user' }))).status).toBe(200);
  });

  it('403 for an app-only token when no app role is configured', async () => {
    const { status, params } = await refusal(await h.issuer.mint({ scp: undefined, roles: ['mcp.invoke'], idtyp: 'app' }));
    expect(status).toBe(403);
    expect(params['error']).toBe('insufficient_scope');
    expect(params['error_description']).toMatch(/app-only tokens are not accepted/);
  });
});
