import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { findDevUser } from '../../src/local-idp/dev-directory.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { followRedirects } from './helpers/follow-redirects.ts';

// Config delta for this file: automation mode (every sign-in is Adele, no pages) and an SPA redirect.
const REDIRECT = 'http://localhost:8090/callback';
const SPA_REDIRECT = 'http://localhost:8092/spa';

let idp: RunningLocalIdp;
let metadata: Record<string, string>;
const form = (url: string, body: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(body) });
const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** An authorization request as the app itself (GUID scope form), answered in automation mode. */
async function authorize(extra: Record<string, string>, scope = `openid profile ${idp.clientId}/access_as_user`, redirect = REDIRECT): Promise<URL> {
  const url = new URL(metadata.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: redirect, scope, state: 's', nonce: 'n', ...extra }).toString();
  return followRedirects(url.href, (u) => u.pathname === new URL(redirect).pathname, { requestLast: false });
}

const redeem = (code: string, verifier: string | undefined, redirect = REDIRECT, headers: Record<string, string> = {}) =>
  fetch(metadata.token_endpoint!, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ client_id: idp.clientId, grant_type: 'authorization_code', code, redirect_uri: redirect, ...(verifier === undefined ? {} : { code_verifier: verifier }) }),
  });

beforeAll(async () => {
  idp = await startLocalIdp({ autoSignIn: 'adele', extraRedirectUris: [{ uri: SPA_REDIRECT, platform: 'spa' }] });
  metadata = (await (await fetch(idp.discoveryUrl)).json()) as Record<string, string>;
});
afterAll(() => idp.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('authorization code + PKCE, the Entra way', () => {
  it('answers with code and state only: no RFC 9207 iss, which Entra does not send', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const back = await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' });
    expect([...back.searchParams.keys()].sort()).toEqual(['code', 'state']);
  });

  it('leaves iss out of redirected errors too', async () => {
    const back = await authorize({ prompt: 'none', code_challenge_method: 'S999', code_challenge: s256('x'.repeat(43)) });
    expect(back.searchParams.get('error')).not.toBeNull();
    expect(back.searchParams.has('iss')).toBe(false);
  });

  it('answers a redeemed code with AADSTS54005', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    expect((await redeem(code, verifier)).status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });

  it('answers a code_verifier that does not match with AADSTS501481', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    const wrong = await redeem(code, randomBytes(32).toString('base64url'));
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    const missing = await redeem((await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!, undefined);
    expect(await missing.json()).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
  });

  it('takes the plain method, and a challenge without a method as plain, as Entra does', async () => {
    const verifier = randomBytes(32).toString('base64url');
    for (const extra of [{ code_challenge_method: 'plain' }, {}] as Record<string, string>[]) {
      const back = await authorize({ code_challenge: verifier, ...extra });
      expect(back.searchParams.get('error')).toBeNull();
      expect((await (await redeem(back.searchParams.get('code')!, `${verifier}x`)).json())).toMatchObject({ error_codes: [501481] });
      const back2 = await authorize({ code_challenge: verifier, ...extra });
      expect((await redeem(back2.searchParams.get('code')!, verifier)).status).toBe(200);
    }
  });

  it('answers a code older than its 10 minutes with AADSTS70008', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 601_000);
    expect(await (await redeem(code, verifier)).json()).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });

  it('issues a refresh token when offline_access is asked, with no prompt=consent needed', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' }, `openid offline_access ${idp.clientId}/access_as_user`)).searchParams.get('code')!;
    const tokens = (await (await redeem(code, verifier)).json()) as Record<string, string>;
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const without = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    expect(await (await redeem(without, verifier)).json()).not.toHaveProperty('refresh_token');
  });

  it('refuses a cross-origin code redemption unless the redirect is an SPA one (AADSTS9002326/9002327)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const pkce = { code_challenge: s256(verifier), code_challenge_method: 'S256' };
    const code = (await authorize(pkce)).searchParams.get('code')!;
    const fromBrowser = await redeem(code, verifier, REDIRECT, { origin: 'http://localhost:3000' });
    expect(fromBrowser.status).toBe(400);
    expect(await fromBrowser.json()).toMatchObject({ error: 'invalid_request', error_codes: [9002326] });
    const spaCode = (await authorize(pkce, undefined, SPA_REDIRECT)).searchParams.get('code')!;
    expect(await (await redeem(spaCode, verifier, SPA_REDIRECT)).json()).toMatchObject({ error: 'invalid_request', error_codes: [9002327] });
    expect((await redeem(spaCode, verifier, SPA_REDIRECT, { origin: 'http://localhost:8092' })).status).toBe(200);
  });

  it('demands PKCE for an SPA redirect (AADSTS9002325), sent back to the redirect', async () => {
    const back = await authorize({}, undefined, SPA_REDIRECT);
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS9002325: /);
    expect(back.searchParams.get('state')).toBe('s');
  });

  it('takes prompt=select_account, which Entra documents and MSAL sends', async () => {
    const back = await authorize({ prompt: 'select_account', code_challenge: s256('v'.repeat(43)), code_challenge_method: 'S256' });
    expect(back.searchParams.get('error')).toBeNull();
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('answers an implicit response_type with AADSTS700054, in the fragment, not a 500', async () => {
    for (const responseType of ['token', 'id_token', 'code id_token']) {
      const url = new URL(metadata.authorization_endpoint!);
      url.search = new URLSearchParams({ client_id: idp.clientId, response_type: responseType, redirect_uri: REDIRECT, scope: `openid ${idp.clientId}/access_as_user`, state: 's', nonce: 'n' }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      const back = new URL(res.headers.get('location')!);
      const answer = new URLSearchParams(back.hash.slice(1));
      expect(answer.get('error')).toBe('unsupported_response_type');
      expect(answer.get('error_description')).toMatch(new RegExp(`^AADSTS700054: response_type '${responseType}' is not enabled for the application\\.`));
      expect(answer.get('state')).toBe('s');
    }
  });

  it('answers a refresh token past its lifetime with AADSTS70008', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' }, `openid offline_access ${idp.clientId}/access_as_user`)).searchParams.get('code')!;
    const { refresh_token } = (await (await redeem(code, verifier)).json()) as Record<string, string>;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + (90 * 24 + 1) * 3600 * 1000);
    const refreshed = await form(metadata.token_endpoint!, { client_id: idp.clientId, grant_type: 'refresh_token', refresh_token: refresh_token! });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });

  it('signs ID tokens with typ JWT in the header and a pairwise sub, as Entra does', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = (await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' })).searchParams.get('code')!;
    const tokens = (await (await redeem(code, verifier)).json()) as Record<string, string>;
    expect(decodeProtectedHeader(tokens.id_token!)).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) });
    const id = decodeJwt(tokens.id_token!);
    const adele = findDevUser('adele')!;
    expect(id).toMatchObject({ oid: adele.oid, aud: idp.clientId });
    expect(id.sub).not.toBe(adele.oid);
    // Pairwise per application: this app's ID token and its access token name the user alike.
    expect(id.sub).toBe(decodeJwt(tokens.access_token!).sub);
    await expect(jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), { issuer: idp.issuer, audience: idp.clientId })).resolves.toBeDefined();
  });
});
