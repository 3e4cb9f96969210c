/**
 * Hostile-token corpus: algorithm confusion, key-carrying headers and kid tricks. Each case asserts the correct behaviour; cases marked
 * `// Was a defect, now fixed:` failed when the corpus was written. Shared helpers: ./corpus.ts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRaw } from '../../support/test-issuer.ts';
import { b64, signText, forge, answer, h, kid, refuse, goodClaims } from './corpus.ts';

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
