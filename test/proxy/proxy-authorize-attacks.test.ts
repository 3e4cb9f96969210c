import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser, consentForm } from './helpers/cookie-browser.ts';
import { approve, authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, register, registerNative } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

let stack: ProxyStack;
beforeAll(async () => {
  stack = await startProxyStack();
});
afterAll(async () => stack?.close());

/** A complete, valid authorization request for `clientId`, to be spoiled one parameter at a time. */
function request(clientId: string, overrides: Record<string, string | undefined> = {}): URL {
  const params: Record<string, string> = {};
  const base = { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: pkce().challenge, code_challenge_method: 'S256', resource: stack.mcpResource, scope: 'access_as_user', ...overrides };
  for (const [k, v] of Object.entries(base)) if (v !== undefined) params[k] = v;
  return authorizeUrl(stack.origin, params);
}

/** The error oidc-provider sends back to the client's redirect URI, with RFC 9207 `iss`. */
async function redirectedError(url: URL): Promise<Record<string, string>> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  expect(location, `expected a redirect, got ${response.status}`).not.toBeNull();
  const back = new URL(location!);
  expect(`${back.origin}${back.pathname}`).toBe(CLIENT_REDIRECT);
  return Object.fromEntries(back.searchParams);
}

describe('/oauth/authorize refuses before anyone is sent to Entra', () => {
  it('an unregistered or look-alike redirect URI: an error page, never a redirect', async () => {
    const clientId = await registerNative(stack.origin);
    for (const uri of ['http://127.0.0.1:43123/other', 'http://127.0.0.1:43123/callback/', 'http://localhost:43123/callback', 'http://127.0.0.1.evil.example:43123/callback', 'https://127.0.0.1:43123/callback']) {
      const response = await fetch(request(clientId, { redirect_uri: uri }), { redirect: 'manual' });
      expect(response.status, uri).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('invalid_redirect_uri');
    }
  });

  it('a loopback redirect URI matches on any port (RFC 8252 §7.3)', async () => {
    const clientId = await registerNative(stack.origin);
    const page = await openConsent(new CookieBrowser(), request(clientId, { redirect_uri: 'http://127.0.0.1:50999/callback' }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Allow');
  });

  it('no PKCE, and plain PKCE, are invalid_request', async () => {
    const clientId = await registerNative(stack.origin);
    expect(await redirectedError(request(clientId, { code_challenge: undefined, code_challenge_method: undefined }))).toMatchObject({ error: 'invalid_request', iss: stack.origin, state: 'client-state-1' });
    const verifier = pkce().verifier;
    expect(await redirectedError(request(clientId, { code_challenge: verifier, code_challenge_method: 'plain' }))).toMatchObject({ error: 'invalid_request', iss: stack.origin });
  });

  it('a resource other than this MCP server is invalid_target', async () => {
    const clientId = await registerNative(stack.origin);
    for (const resource of ['https://other.example/mcp', `${stack.origin}/`, `${stack.mcpResource}/`, `api://${stack.idp.clientId}`]) {
      expect(await redirectedError(request(clientId, { resource })), resource).toMatchObject({ error: 'invalid_target', iss: stack.origin });
    }
  });

  it('a client whose registration expired unused is unknown; one in use stays', async () => {
    const idle = await registerNative(stack.origin);
    const used = await registerNative(stack.origin);
    stack.clock.advance(3000);
    expect((await openConsent(new CookieBrowser(), request(used))).status).toBe(200);
    stack.clock.advance(1000); // `idle` is now 4000 s unused (limit 3600), `used` 1000 s
    const expired = await fetch(request(idle), { redirect: 'manual' });
    expect(expired.status).toBe(400);
    expect(expired.headers.get('location')).toBeNull();
    expect(await expired.text()).toContain('invalid_client');
    expect((await openConsent(new CookieBrowser(), request(used))).status).toBe(200);
  });
});

describe('the consent page', () => {
  it('names the client as registered, escaped, and cannot be framed', async () => {
    const { body } = await register(stack.origin, { redirect_uris: [CLIENT_REDIRECT], client_name: '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&', client_uri: 'https://example.com/?a=<b>' });
    const page = await openConsent(new CookieBrowser(), request(String(body['client_id'])));
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;');
    expect(page.html).toContain('https://example.com/?a=&lt;b&gt;');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('a consent without the CSRF token, or with another, is refused and the flow goes on only with the right one', async () => {
    const clientId = await registerNative(stack.origin);
    const browser = new CookieBrowser();
    const page = await openConsent(browser, request(clientId));
    const { action, csrf } = consentForm(page.html, page.url);
    const post = (body: Record<string, string>) => browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const forged = await post({ decision: 'allow' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
    // The token is single-use: after a refused post, even the page's token is spent.
    const wrong = await post({ decision: 'allow', csrf: `${csrf.slice(0, -2)}xx` });
    expect(wrong.status).toBe(403);
    const reloaded = await openConsent(browser, page.url);
    const redirect = await approve(browser, reloaded);
    expect(redirect.searchParams.get('code')).not.toBeNull();
  });

  it('a consent posted by another browser (no interaction cookie) is refused', async () => {
    const clientId = await registerNative(stack.origin);
    const page = await openConsent(new CookieBrowser(), request(clientId));
    const { action, csrf } = consentForm(page.html, page.url);
    const response = await fetch(action, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision: 'allow' }) });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('skipping it (resuming the authorization without consenting) leads back to a consent page, never to a code', async () => {
    const clientId = await registerNative(stack.origin);
    const browser = new CookieBrowser();
    const page = await openConsent(browser, request(clientId));
    const uid = page.url.pathname.split('/').pop()!;
    const resumed = await browser.request(`${stack.origin}/oauth/authorize/${uid}`);
    const location = new URL(resumed.headers.get('location') ?? '', stack.origin);
    expect(location.pathname).toMatch(/^\/oauth\/consent\//);
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('is asked again in a browser that already signed in, for the same web client too (no consent remembered yet)', async () => {
    // A web client: oidc-provider itself always asks native clients, so only a web one shows
    // that the proxy never reuses a grant the browser session remembers.
    const webRedirect = 'https://app.example/oauth/callback';
    const { body } = await register(stack.origin, { redirect_uris: [webRedirect], client_name: 'Web client' });
    const webRequest = () => request(String(body['client_id']), { redirect_uri: webRedirect });
    const browser = new CookieBrowser();
    const page = await openConsent(browser, webRequest());
    const { action, csrf } = consentForm(page.html, page.url);
    const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision: 'allow' }) });
    const { url } = await browser.follow(new URL(posted.headers.get('location')!), (u) => u.href.startsWith(webRedirect));
    expect(url.searchParams.get('code')).not.toBeNull();
    for (const next of [webRequest(), request(await registerNative(stack.origin, 'Another client'))]) {
      const again = await openConsent(browser, next);
      expect(again.url.pathname).toMatch(/^\/oauth\/consent\//);
      expect(again.html).toContain('name="csrf"');
    }
  });

  it('declining sends access_denied back to the client, with iss', async () => {
    const clientId = await registerNative(stack.origin);
    const browser = new CookieBrowser();
    const redirect = await approve(browser, await openConsent(browser, request(clientId)), 'deny');
    expect(Object.fromEntries(redirect.searchParams)).toMatchObject({ error: 'access_denied', iss: stack.origin, state: 'client-state-1' });
  });

  it('prompt and login_hint go to Entra, not to the consent page; Entra gets the proxy state, PKCE, the GUID-form API scope and no resource', async () => {
    const clientId = await registerNative(stack.origin);
    const browser = new CookieBrowser();
    const page = await openConsent(browser, request(clientId, { prompt: 'login', login_hint: 'adele@entra-mcp.local' }));
    expect(page.status).toBe(200);
    const { action, csrf } = consentForm(page.html, page.url);
    const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision: 'allow' }) });
    const entra = new URL(posted.headers.get('location')!);
    expect(`${entra.origin}${entra.pathname}`).toBe(`${stack.idp.authorityHost}/${stack.idp.tenantId}/oauth2/v2.0/authorize`);
    const p = Object.fromEntries(entra.searchParams);
    expect(p).toMatchObject({ client_id: stack.idp.clientId, redirect_uri: `${stack.origin}/oauth/callback`, scope: `${stack.idp.clientId}/access_as_user offline_access`, code_challenge_method: 'S256', prompt: 'login', login_hint: 'adele@entra-mcp.local', response_type: 'code' });
    expect(p['resource']).toBeUndefined();
    expect(p['state']).not.toBe('client-state-1');
    expect(p['code_challenge']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("Entra's callback", () => {
  /** Consents in `browser` and follows Entra up to (not into) the proxy's callback. */
  async function upToCallback(browser: CookieBrowser): Promise<URL> {
    const clientId = await registerNative(stack.origin);
    const page = await openConsent(browser, request(clientId));
    const { action, csrf } = consentForm(page.html, page.url);
    const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision: 'allow' }) });
    const { url } = await browser.follow(new URL(posted.headers.get('location')!), (u) => u.pathname === '/oauth/callback');
    expect(url.searchParams.get('code')).not.toBeNull();
    return url;
  }

  it('a state that does not match the browser that consented is refused (login CSRF)', async () => {
    const callback = await upToCallback(new CookieBrowser());
    const other = await new CookieBrowser().request(callback);
    expect(other.status).toBe(400);
    expect(await other.text()).toContain('state mismatch');
  });

  it('a tampered state is refused, and the right one completes once', async () => {
    const browser = new CookieBrowser();
    const callback = await upToCallback(browser);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    expect((await browser.request(tampered)).status).toBe(400);
    const { url } = await browser.follow(callback, (u) => u.href.startsWith(CLIENT_REDIRECT));
    expect(url.searchParams.get('code')).not.toBeNull();
    // Replayed: the pending sign-in was taken, and its cookie cleared.
    expect((await browser.request(callback)).status).toBe(400);
  });
});
