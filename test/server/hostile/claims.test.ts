/**
 * Hostile-token corpus: issuer, tenant, audience, token kind, time, delegated vs app-only. Each case asserts the correct behaviour; cases marked
 * `// Was a defect, now fixed:` failed when the corpus was written. Shared helpers: ./corpus.ts.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, OTHER_TENANT_ID, TENANT_ID, signRaw } from '../../support/test-issuer.ts';
import { nowS, MSA_TENANT, GRAPH, signText, forge, extraHarness, answer, h, kid, refuse, goodClaims } from './corpus.ts';

describe('issuer and tenant confusion, single tenant', () => {
  const iss = (): string => `${h.issuer.host}/${TENANT_ID}/v2.0`;
  it.each<[string, () => Record<string, unknown>, RegExp]>([
    ['issuer with a trailing slash', () => ({ iss: `${iss()}/` }), /issuer is not/],
    ['issuer in upper case', () => ({ iss: iss().toUpperCase() }), /issuer is not/],
    ['issuer with the tenant in upper case', () => ({ iss: `${h.issuer.host}/${TENANT_ID.toUpperCase()}/v2.0` }), /issuer is not/],
    ['issuer with the {tenantid} template left in', () => ({ iss: `${h.issuer.host}/{tenantid}/v2.0` }), /issuer is not/],
    ['issuer naming organizations', () => ({ iss: `${h.issuer.host}/organizations/v2.0` }), /issuer is not/],
    ['the v1 issuer on a ver 2.0 token', () => ({ iss: `https://sts.windows.net/${TENANT_ID}/` }), /issuer is not/],
    ['issuer as an array', () => ({ iss: [iss()] }), /no iss claim/],
    ['no issuer', () => ({ iss: undefined }), /no iss claim/],
    ['tid of another tenant with our issuer', () => ({ tid: OTHER_TENANT_ID }), /another tenant/],
    ['tid of the MSA tenant', () => ({ tid: MSA_TENANT }), /another tenant/],
    ['tid that is not a GUID', () => ({ tid: 'organizations' }), /no valid tid/],
    ['tid as an array', () => ({ tid: [TENANT_ID] }), /no valid tid/],
    ['tid with a GUID prefix', () => ({ tid: `${TENANT_ID}x` }), /no valid tid/],
  ])('refuses %s (signed by the real key)', async (_name, extra, reason) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims(extra()), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(reason);
  });
});

describe('audience (RFC 7519 §4.1.3) and token kind', () => {
  it.each<[string, () => Record<string, unknown>, RegExp]>([
    ['Graph among several audiences', () => ({ aud: [CLIENT_ID, GRAPH] }), /Microsoft Graph/],
    ['the Graph URL with a trailing slash', () => ({ aud: 'https://graph.microsoft.com/' }), /Microsoft Graph/],
    ['the Graph GUID in upper case', () => ({ aud: GRAPH.toUpperCase() }), /Microsoft Graph/],
    ['api://{clientId} on a v2 token', () => ({ aud: `api://${CLIENT_ID}` }), /audience is not this API/],
    ['the client id with a trailing slash', () => ({ aud: `${CLIENT_ID}/` }), /audience is not this API/],
    ['an audience array without us', () => ({ aud: ['99999999-9999-9999-9999-999999999999'] }), /audience is not this API/],
    ['an audience that is a number', () => ({ aud: 42 }), /audience is not this API/],
    ['an audience object', () => ({ aud: { [CLIENT_ID]: true } }), /audience is not this API/],
    ['no audience', () => ({ aud: undefined }), /audience is not this API/],
    ['an ID token from /authorize (c_hash)', () => ({ scp: undefined, azp: undefined, azpacr: undefined, c_hash: 'abc' }), /ID token sent/],
    ['an ID token from /authorize (at_hash)', () => ({ scp: undefined, azp: undefined, azpacr: undefined, at_hash: 'abc' }), /ID token sent/],
    ['an access token carrying a nonce claim', () => ({ nonce: 'n' }), /ID token sent/],
    ['a v1 token (v1 disabled) even with the v2 issuer', () => ({ ver: '1.0' }), /v1 token/],
    ['ver as a number', () => ({ ver: 2 }), /no valid ver/],
    ['ver 3.0', () => ({ ver: '3.0' }), /no valid ver/],
    ['no ver', () => ({ ver: undefined }), /no valid ver/],
    ['oid missing', () => ({ oid: undefined }), /no oid/],
    ['sub as a number', () => ({ sub: 1 }), /no sub/],
  ])('refuses %s with 401', async (_name, extra, reason) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims(extra()), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(reason);
  });

  it('refuses a Microsoft Graph token carrying the header nonce Graph tokens have', async () => {
    const res = await refuse(await h.issuer.mint({ aud: GRAPH, scp: 'User.Read' }, { header: { nonce: 'graph-nonce' } }));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/Microsoft Graph/);
  });
});

describe('expiry and not-before edge cases (RFC 7519 §4.1.4, §4.1.5)', () => {
  it.each<[string, () => string, RegExp]>([
    ['exp as a numeric string', () => `"${nowS() + 3600}"`, /no exp claim/],
    ['exp null', () => 'null', /no exp claim/],
    ['exp true', () => 'true', /no exp claim/],
    ['exp 1e400 (Infinity)', () => '1e400', /no exp claim/],
    ['exp -1', () => '-1', /expired/],
    ['exp 0', () => '0', /expired/],
    ['exp two minutes ago (skew is one)', () => String(nowS() - 120), /expired/],
  ])('%s: 401', async (_name, expText, reason) => {
    const payload = JSON.stringify({ ...(await goodClaims()), exp: '__EXP__' }).replace('"__EXP__"', expText());
    const res = await refuse(signText(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }), payload, h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(reason);
  });

  it.each<[string, string]>([
    ['nbf as a string', '"0"'],
    ['nbf null', 'null'],
    ['nbf an hour ahead', String(nowS() + 3600)],
    ['nbf 1e300', '1e300'],
  ])('%s: 401 not valid yet', async (_name, nbfText) => {
    const payload = JSON.stringify({ ...(await goodClaims()), nbf: '__NBF__' }).replace('"__NBF__"', nbfText);
    const res = await refuse(signText(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid }), payload, h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/not valid yet/);
  });

  it('a negative nbf and an absent nbf are harmless (the token is otherwise good)', async () => {
    expect((await answer(h, signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims({ nbf: -5 }), h.issuer.signingKey))).status).toBe(200);
    expect((await answer(h, signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims({ nbf: undefined }), h.issuer.signingKey))).status).toBe(200);
  });

  // Was a defect, now fixed: check-claims.ts:66 formats `new Date(exp * 1000).toISOString()`, which throws
  // RangeError for |exp| > 8.64e12. checkClaims runs BEFORE the signature is checked, so an
  // unauthenticated client with a made-up signature gets 500 server_error (and an error log
  // line) instead of 401. Issue 2: "malformed ... a 4xx, never a 5xx".
  it.each([-1e13, -8.7e12, -Number.MAX_VALUE])('exp %d on a token nobody signed: 401 expired, never 500', async (exp) => {
    const res = await refuse(forge({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims({ exp })));
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
  });
});

describe('delegated vs app-only, scope whole-word matching', () => {
  it.each<[string, unknown]>([
    ['empty', ''],
    ['only spaces', '   '],
    ['upper case', 'ACCESS_AS_USER'],
    ['a prefix of another scope', 'access_as_user2'],
    ['a suffix of another scope', 'not_access_as_user'],
    ['the full api:// scope', `api://${CLIENT_ID}/access_as_user`],
    ['tab-separated', 'Files.Read\taccess_as_user'],
    ['comma-separated', 'Files.Read,access_as_user'],
    ['null', null],
    ['a number', 1],
    ['an object', { access_as_user: true }],
  ])('scp %s: 403 insufficient_scope naming the scope', async (_name, scp) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid }, await goodClaims({ scp }), h.issuer.signingKey));
    expect(res.status).toBe(403);
    expect(res.params['error']).toBe('insufficient_scope');
    expect(res.params['scope']).toBe(`api://${CLIENT_ID}/access_as_user`);
  });

  it('scp present but empty does not turn a token with app roles into an app-only token', async () => {
    const harness = await extraHarness({ REQUIRED_APP_ROLE: 'MCP.Invoke' });
    const res = await answer(harness, await harness.issuer.mint({ scp: '', roles: ['MCP.Invoke'] }));
    expect(res.status).toBe(403);
  });

  it.each<[string, unknown]>([
    ['another role', ['Other.Role']],
    ['the role in another case', ['mcp.invoke']],
    ['a longer role', ['MCP.Invoke.All']],
    ['roles null', null],
    ['roles as an object', { 'MCP.Invoke': true }],
  ])('app-only token with %s: 403', async (_name, roles) => {
    const harness = await extraHarness({ REQUIRED_APP_ROLE: 'MCP.Invoke' });
    const res = await answer(harness, await harness.issuer.mint({ scp: undefined, roles, idtyp: 'app', sub: 'a9f1b0c2-0000-0000-0000-000000000001', oid: 'a9f1b0c2-0000-0000-0000-000000000001' }));
    expect(res.status).toBe(403);
  });

  // Was a defect, now fixed: check-claims.ts:35 counts `roles` as an access-token mark, and
  // verify-access-token.ts:79 calls any token without `scp` app-only. Entra ID tokens carry
  // `roles` (the user's app roles;
  // https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference) and no nonce/c_hash/
  // at_hash when they come from the /token endpoint, with aud = the app's client id. So a
  // user's ID token for this app registration is accepted as an "app-only" token when
  // REQUIRED_APP_ROLE is set and the user was assigned that role. Issue 2: "ID tokens ... are
  // refused". Fix: require `azp` (v2) / `appid` (v1) as the access-token mark.
  it('an ID token from /token carrying the user\'s app roles is refused as an ID token, even when that role is configured', async () => {
    const harness = await extraHarness({ REQUIRED_APP_ROLE: 'MCP.Invoke' });
    const idToken = await harness.issuer.mint({ scp: undefined, azp: undefined, azpacr: undefined, roles: ['MCP.Invoke'] });
    const res = await answer(harness, idToken);
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/ID token sent/);
  });

  // Was a defect, now fixed: same root cause. With no app role configured the same ID token is answered
  // 403 "app-only tokens are not accepted" instead of 401 "ID token sent", sending the user
  // to the wrong fix (RFC 6750 §3.1: invalid_token, not insufficient_scope).
  it('an ID token carrying roles, no app role configured: 401 "ID token sent", not 403 app-only', async () => {
    const res = await refuse(await h.issuer.mint({ scp: undefined, azp: undefined, azpacr: undefined, roles: ['Reader'] }));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/ID token sent/);
  });
});

/*
 * Prototype pollution: `JSON.parse` makes a `"__proto__"` key an own property of the parsed
 * object, and these probes check it stays so. If any code copied such an object with a naive
 * merge or `Object.assign` into a plain object, the key would set the prototype instead: claims
 * or header fields would then appear inherited (`jku`, `crit`, `scp`, `roles`, `azp` read from
 * the prototype) and every object in the process would gain them. So each probe checks both the
 * answer (the smuggled field had no effect) and that `{}` has not gained the field.
 */
