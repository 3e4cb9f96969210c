/**
 * Hostile-token corpus: what an attacker (or a confused client) sends, and what the server
 * must answer. Each case asserts the correct behaviour. Cases marked `// Was a defect, now
 * fixed:` failed when the corpus was written; the comment keeps the reason. Everything else
 * documents hostile input that was already handled and must stay handled.
 */
import { KeyObject, randomUUID, sign } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../server/src/index.ts';
import { AZURE_CLI, CLIENT_ID, OTHER_TENANT_ID, TENANT_ID, USER_OID, createTestKey, signRaw, startTestIssuer, type TestKey } from '../support/test-issuer.ts';
import { challengeParams, LIST_TOOLS, startHarness, type Harness } from './harness.ts';

// ---------------------------------------------------------------- helpers

const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const nowS = (): number => Math.floor(Date.now() / 1000);
const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const WHOAMI = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } };

/** Signs exact header and payload JSON text (duplicate keys, odd numbers) with RS256. */
function signText(headerText: string, payloadText: string, key: TestKey): string {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey)).toString('base64url')}`;
}

/** A token nobody signed: a plausible-looking RS256 signature of random bytes. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}.${Buffer.alloc(256, 7).toString('base64url')}`;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function extraHarness(env: Record<string, string> = {}, issuerOptions: Parameters<typeof startHarness>[1] = {}): Promise<Harness> {
  const harness = await startHarness({ LOG_LEVEL: 'silent', ...env }, issuerOptions);
  open.push(harness);
  return harness;
}

async function answer(harness: Harness, token: string, body: unknown = LIST_TOOLS) {
  const res = await harness.mcp(token, body);
  const header = res.headers.get('www-authenticate');
  const text = await res.text();
  return { status: res.status, header, params: header === null ? {} : challengeParams(header), text };
}

/** Sends raw bytes (headers Node's fetch refuses to send) and returns the status code. */
function rawStatus(url: string, head: Buffer): Promise<number> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
  });
}

// ---------------------------------------------------------------- the main server

let h: Harness;
let kid: string;

beforeAll(async () => {
  // A cooldown of a day: an unknown kid can never cause a refetch during this file, so
  // "no JWKS fetch" assertions need no timing.
  h = await startHarness({ JWKS_COOLDOWN_SECONDS: '86400' });
  kid = h.issuer.signingKey.kid;
});
afterAll(() => h.close());

async function refuse(token: string, body: unknown = LIST_TOOLS) {
  return answer(h, token, body);
}

async function goodClaims(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { ...claimsOf(await h.issuer.mint()), uti: randomUUID(), ...extra };
}

describe('algorithm confusion and key-carrying headers (RFC 8725 §2.1, §3.1; RFC 7515 §4.1)', () => {
  it.each([
    ['none', { alg: 'none' }],
    ['None', { alg: 'None' }],
    ['NONE', { alg: 'NONE' }],
    ['HS256', { alg: 'HS256' }],
    ['HS512', { alg: 'HS512' }],
    ['ES256 (not in the allow-list)', { alg: 'ES256' }],
    ['PS256 (not in the allow-list)', { alg: 'PS256' }],
    ['rs256 (case)', { alg: 'rs256' }],
    ['RS256 with a trailing space', { alg: 'RS256 ' }],
    ['alg as an array', { alg: ['RS256'] }],
    ['alg as an object', { alg: { toString: 'RS256' } }],
    ['no alg at all', { alg: undefined }],
  ])('refuses alg %s with 401 algorithm_not_allowed, signature checked or not', async (_name, override) => {
    const header: Record<string, unknown> = { typ: 'JWT', kid, ...(override as Record<string, unknown>) };
    if (header['alg'] === undefined) delete header['alg'];
    const res = await refuse(signRaw(header, await goodClaims(), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
    expect(res.params['error_description']).toMatch(/algorithm .* is not allowed/);
  });

  it('an attacker-chosen alg string never reaches the challenge (header injection)', async () => {
    const res = await refuse(forge({ alg: 'x"\r\nSet-Cookie: pwned=1', kid }, await goodClaims()));
    expect(res.status).toBe(401);
    expect(res.header).not.toMatch(/[\r\n]|pwned/);
    expect(res.params['error_description']).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/);
  });

  it.each([
    ['x5c', { x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] }],
    ['jwk: null', { jwk: null }],
    ['jku to loopback', { jku: 'http://127.0.0.1:1/keys' }],
    ['x5u to the real issuer host', { x5u: 'http://127.0.0.1:1/x' }],
  ])('refuses a key-carrying header (%s), even with a valid signature from the real key', async (_name, extra) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid, ...extra }, await goodClaims(), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/carry or point at keys/);
  });

  it.each([
    ['crit: []', { crit: [] }],
    ['crit: ["b64"] with b64 false', { crit: ['b64'], b64: false }],
    ['crit naming an absent header', { crit: ['zzz'] }],
  ])('refuses %s (RFC 7515 §4.1.11)', async (_name, extra) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid, ...extra }, await goodClaims(), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
  });

  it('a valid signature over a header with duplicate alg keys is judged on the same (last) value jose verifies', async () => {
    const claims = JSON.stringify(await goodClaims());
    const lastIsHmac = signText(`{"alg":"RS256","kid":"${kid}","alg":"HS256"}`, claims, h.issuer.signingKey);
    expect((await refuse(lastIsHmac)).params['error_description']).toMatch(/HS256 is not allowed/);
    const lastIsRsa = signText(`{"alg":"none","kid":"${kid}","alg":"RS256"}`, claims, h.issuer.signingKey);
    expect((await answer(h, lastIsRsa)).status).toBe(200);
  });
});

describe('kid tricks', () => {
  it.each([
    ['a path-like kid', '../../../../etc/passwd'],
    ['a URL kid', 'http://169.254.169.254/latest/meta-data/'],
    ['a very long kid', 'k'.repeat(8_000)],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['hasOwnProperty', 'hasOwnProperty'],
    ['the kid with a NUL appended', 'KID\u0000'],
    ['the kid in upper case', 'KIDUPPER'],
  ])('%s: 401, no JWKS fetch, no 5xx', async (_name, raw) => {
    const value = raw === 'KID\u0000' ? `${kid}\u0000` : raw === 'KIDUPPER' ? kid.toUpperCase() : raw;
    const before = h.issuer.jwksRequests;
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid: value }, await goodClaims(), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/signing key not found/);
    expect(h.issuer.jwksRequests).toBe(before);
  });

  it.each([
    ['empty', ''],
    ['a number', 42],
    ['null', null],
    ['an array', [kid]],
    ['an object', { kid }],
  ])('a kid that is %s: 401 malformed_token', async (_name, value) => {
    const res = await refuse(signRaw({ typ: 'JWT', alg: 'RS256', kid: value }, await goodClaims(), h.issuer.signingKey));
    expect(res.status).toBe(401);
    expect(res.params['error_description']).toMatch(/no key id/);
  });

  it('a forged signature under the real kid is refused and does not poison the cache for the real token', async () => {
    const real = await h.issuer.mint({ uti: randomUUID() });
    const [p0, p1] = real.split('.');
    const forged = `${p0}.${p1}.${Buffer.alloc(256, 1).toString('base64url')}`;
    expect((await refuse(forged)).status).toBe(401);
    expect((await answer(h, real)).status).toBe(200);
    expect((await refuse(forged)).status).toBe(401); // the real token is cached now: the forgery still is not
  });
});

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

describe('HTTP surface: headers, query strings, origins, bodies', () => {
  it.each([
    ['percent-encoded name', '/mcp?access%5Ftoken=abc'],
    ['empty value', '/mcp?access_token='],
    ['no value', '/mcp?access_token'],
    ['after another parameter', '/mcp?a=1&access_token=abc'],
  ])('a query-string token (%s) is 400 invalid_request, even beside a good header', async (_name, path) => {
    const res = await h.mcp(await h.issuer.mint(), LIST_TOOLS, {}, path);
    expect(res.status).toBe(400);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('invalid_request');
  });

  it.each([
    ['null (sandboxed frame, file://)', () => 'null'],
    ['a trailing slash', () => `${new URL(h.server.publicUrl).origin}/`],
    ['another port', () => `http://localhost:${h.server.port + 1}`],
    ['https instead of http', () => new URL(h.server.publicUrl).origin.replace('http:', 'https:')],
    ['a suffix domain', () => `${new URL(h.server.publicUrl).origin}.evil.example`],
    ['127.0.0.1 instead of localhost', () => `http://127.0.0.1:${h.server.port}`],
    ['two origins', () => `${new URL(h.server.publicUrl).origin}, http://evil.example`],
  ])('refuses Origin %s with 403 even with a good token (DNS rebinding)', async (_name, origin) => {
    const res = await h.mcp(await h.issuer.mint(), LIST_TOOLS, { origin: origin() });
    expect(res.status).toBe(403);
  });

  it.each([
    // Refused by the bearer parser (invalid_request), or by Node's HTTP parser (the NUL byte).
    ['obs-text bytes in the token', Buffer.from('Bearer \xff\xfe\xfd.abc.def', 'latin1'), 400],
    ['a NUL byte', Buffer.from('Bearer abc\x00def', 'latin1'), 400],
    // Another scheme is no bearer credential at all: a bare challenge (RFC 6750 §3.1).
    ['the Negotiate scheme', Buffer.from('Negotiate YIIB'), 401],
    ['Bearer with a quoted token', Buffer.from('Bearer "abc.def.ghi"'), 400],
    ['two bearer tokens', Buffer.from('Bearer a.b.c, Bearer d.e.f'), 400],
    ['auth-params instead of a token', Buffer.from('Bearer realm="x"'), 400],
  ] as const)('a malformed Authorization header (%s) is answered %s, never a 5xx', async (_name, value, expected) => {
    const head = Buffer.concat([Buffer.from('POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\nAuthorization: '), value, Buffer.from('\r\n\r\n{}')]);
    expect(await rawStatus(h.server.url, head)).toBe(expected);
  });

  it.each<[string, () => string]>([
    ['a header segment that is a JSON array', () => `${b64('["RS256"]')}.${b64('{}')}.AAAA`],
    ['a header segment that is a JSON string', () => `${b64('"x"')}.${b64('{}')}.AAAA`],
    ['a header nested 5,000 deep', () => `${b64('['.repeat(5000) + ']'.repeat(5000))}.${b64('{}')}.AAAA`],
    ['a payload that is not UTF-8 JSON', () => `${b64(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.AAAA`],
    ['six segments', () => 'a.b.c.d.e.f'],
    ['an empty header segment', () => `.${b64('{}')}.AAAA`],
  ])('a malformed token (%s) is 401 invalid_token', async (_name, make) => {
    const res = await refuse(make());
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
  });

  it.each<[string, string, number]>([
    // The SDK's transport refuses what is not a JSON-RPC message as a parse error.
    ['null', 'null', 400],
    ['a number', '1', 400],
    // A batch with no requests asks for no answer: 202 Accepted, as streamable HTTP defines.
    ['an empty batch', '[]', 202],
    // Parsed, then refused by the tool's schema (an unknown argument): a tool error, not a crash.
    ['an object nested 10,000 deep', `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`, 200],
    // `__proto__` as a JSON key is an own property of the parsed object, so the message has no
    // `method` and is refused; and `{}` (every object's prototype) must not have gained one.
    ['a __proto__ request', '{"__proto__":{"method":"tools/call"},"jsonrpc":"2.0","id":1}', 400],
  ])('an authenticated but hostile JSON-RPC body (%s) is answered %s, never a 5xx', async (_name, body, expected) => {
    const res = await fetch(`${h.server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.issuer.mint()}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body,
    });
    expect(res.status).toBe(expected);
    expect(({} as Record<string, unknown>)['method']).toBeUndefined();
  });

  it('a body over the limit is 413 before it is read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.server.url}/mcp`, { method: 'POST', headers: { authorization: 'PLACEHOLDER', 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      void h.issuer.mint().then((t) => {
        req.setHeader('authorization', `Bearer ${t}`);
        req.write('{');
      });
    });
    expect(status).toBe(413);
  });

  it('the RFC 9728 documents ignore query strings and refuse writes', async () => {
    const doc = await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp?resource=https://evil.example`);
    expect(((await doc.json()) as { resource: string }).resource).toBe(`${h.server.publicUrl}/mcp`);
    expect((await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp`, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});

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
