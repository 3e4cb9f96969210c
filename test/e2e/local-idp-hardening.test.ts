import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_CLI_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { followRedirects } from './helpers/follow-redirects.ts';

// Issue 12's local identity provider findings, each against a provider on a free port.
const REDIRECT = 'http://localhost:8090/callback';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const form = (url: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers, body: new URLSearchParams(body), redirect: 'manual' });

/** A browser's cookies for one origin: enough for the provider's interaction and session cookies. */
class Browser {
  readonly #jar = new Map<string, string>();
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#jar.size > 0) headers.set('cookie', [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.#jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    return response;
  }
}

describe('the local provider under a flood of device code requests', () => {
  let idp: RunningLocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ maxStoredEntries: 100 });
  });
  afterAll(() => idp.close());

  it('stops storing at its bound and answers 429 AADSTS90055 with Retry-After, as Entra throttles', async () => {
    const endpoint = `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/devicecode`;
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 80; i++) {
      const response = await form(endpoint, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user` });
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.body?.cancel();
    }
    // Each device code is two entries (the code and its user-code index); new flows stop while
    // fewer than 16 places are left: (100 - 16) / 2 + 1 = 43 codes.
    expect(statuses.filter((s) => s === 200)).toHaveLength(43);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
    expect(refused!.headers.get('retry-after')).toBe('60');
    expect(await refused!.json()).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90055] });
  });
});

describe('the local provider against hostile browsers', () => {
  let idp: RunningLocalIdp;
  const serverErrors: Error[] = [];
  const verification = () => `${idp.authorityHost}/${idp.tenantId}/devicelogin`;
  beforeAll(async () => {
    idp = await startLocalIdp({ onServerError: (e) => serverErrors.push(e) });
  });
  afterAll(() => idp.close());

  it('POST /devicelogin (or its resume route) without a session goes back to the code entry page (303), not a 500', async () => {
    const response = await form(verification(), { user_code: 'BCDFGHJKL', xsrf: 'x' });
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get('location')!).pathname).toBe(`/${idp.tenantId}/devicelogin`);
    const page = await fetch(response.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Enter code');
    // The resume route a finished sign-in returns to, visited with no session.
    const resume = await fetch(`${verification()}/abc`, { redirect: 'manual' });
    expect(resume.status).toBe(303);
    expect(serverErrors).toEqual([]);
  });

  it('every page forbids framing: sign-in, device code entry, errors', async () => {
    const authorize = new URL(`${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: `openid ${idp.clientId}/access_as_user` }).toString();
    const browser = new Browser();
    const toLogin = await browser.fetch(authorize.href);
    const pages = [await browser.fetch(new URL(toLogin.headers.get('location')!, authorize).href), await fetch(verification()), await fetch(`${authorize.origin}/${idp.tenantId}/oauth2/v2.0/authorize?client_id=nope`)];
    for (const page of pages) {
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('the sign-in form carries a CSRF token bound to its interaction, and a POST without it is refused', async () => {
    const authorize = new URL(`${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/authorize`);
    const start = async () => {
      const browser = new Browser();
      const q = { client_id: idp.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: `openid ${idp.clientId}/access_as_user` };
      const login = new URL((await browser.fetch(`${authorize.href}?${new URLSearchParams(q)}`)).headers.get('location')!, authorize).href;
      const html = await (await browser.fetch(login)).text();
      return { browser, login, token: /name="csrf" value="([^"]+)"/.exec(html)?.[1] };
    };
    const first = await start();
    const second = await start();
    expect(first.token).toMatch(/^[\w-]{43}$/);
    expect(second.token).not.toBe(first.token);
    const adele = idp.users[0]!.oid;
    const post = (s: typeof first, csrf: string | undefined) =>
      s.browser.fetch(s.login, { method: 'POST', body: new URLSearchParams({ action: 'login', oid: adele, ...(csrf === undefined ? {} : { csrf }) }) });
    expect((await post(first, undefined)).status).toBe(403);
    expect((await post(first, second.token)).status).toBe(403);
    const accepted = await post(first, first.token);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toContain('/oauth2/v2.0/authorize/');
  });

  it('throttles user-code guesses from one address: 429 with Retry-After once the attempts are used', async () => {
    const throttled = await startLocalIdp({ deviceLoginAttempts: { max: 3, windowMs: 60_000 } });
    const page = `${throttled.authorityHost}/${throttled.tenantId}/devicelogin`;
    const browser = new Browser();
    let html = await (await browser.fetch(page)).text();
    const guess = async () => {
      // oidc-provider renders a fresh form token with every answer.
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
      const answer = await browser.fetch(page, { method: 'POST', body: new URLSearchParams({ xsrf, user_code: 'BCDFGHJKL' }) });
      html = await answer.text();
      return answer;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await guess()).status);
    expect(html).toContain('That code did not work');
    const refused = await guess();
    await throttled.close();
    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(html).toContain('AADSTS90055');
  });
});

describe('a replayed authorization code (RFC 6749 §4.1.2)', () => {
  let idp: RunningLocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ autoSignIn: 'adele' });
  });
  afterAll(() => idp.close());

  it('is refused with AADSTS54005 and revokes the refresh token its first redemption issued', async () => {
    const token = `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/token`;
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/authorize`);
    const scope = `openid offline_access ${idp.clientId}/access_as_user`;
    url.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: REDIRECT, scope, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' }).toString();
    const code = (await followRedirects(url.href, (u) => u.pathname === '/callback', { requestLast: false })).searchParams.get('code')!;
    const redeem = { client_id: idp.clientId, grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
    const first = (await (await form(token, redeem)).json()) as { refresh_token: string };
    expect(first.refresh_token).toEqual(expect.any(String));
    // (Not used before the replay: oidc-provider revokes a grant whose rotated refresh token is reused.)
    const replay = await form(token, redeem);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
    const answer = await form(token, { client_id: idp.clientId, grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a refresh token of a code redeemed once keeps working (baseline)', async () => {
    const token = `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/token`;
    const url = new URL(`${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: REDIRECT, scope: `openid offline_access ${idp.clientId}/access_as_user` }).toString();
    const code = (await followRedirects(url.href, (u) => u.pathname === '/callback', { requestLast: false })).searchParams.get('code')!;
    const first = (await (await form(token, { client_id: idp.clientId, grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).json()) as { refresh_token: string };
    const again = await form(token, { client_id: idp.clientId, grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(again.status).toBe(200);
  });

  it('a device code flow is unaffected by the guards (baseline)', async () => {
    const base = `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0`;
    const device = (await (await form(`${base}/devicecode`, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user` })).json()) as { device_code: string };
    const answer = await form(`${base}/token`, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: device.device_code });
    expect(answer.status).toBe(200);
  });
});
