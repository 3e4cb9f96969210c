/**
 * Consent remembered per person and client when the person ticks the box (issue 9): the
 * same client in the same browser skips the page; another client, another browser, a
 * client asking for consent, or Entra signing in someone else do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProxyStore } from '../../server/src/proxy/memory-proxy-store.ts';
import { REMEMBERED_BROWSER_MODEL } from '../../server/src/proxy/remembered-consent.ts';
import { consentForm, CookieBrowser } from './helpers/cookie-browser.ts';
import { authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, registerNative, token } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

let stack: ProxyStack;
const store = createMemoryProxyStore({ clientIdleSeconds: 3600 });
beforeAll(async () => {
  stack = await startProxyStack({ store });
});
afterAll(() => stack?.close());

function authorize(clientId: string, extra: Record<string, string> = {}): { url: URL; verifier: string } {
  const { verifier, challenge } = pkce();
  return { verifier, url: authorizeUrl(stack.origin, { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', resource: stack.mcpResource, scope: 'access_as_user', ...extra }) };
}

/** Consents on the page (ticking "remember" or not) and follows on to the client's redirect URI. */
async function consent(browser: CookieBrowser, url: URL, remember: boolean): Promise<URL> {
  const page = await openConsent(browser, url);
  expect(page.html).toContain('id="remember"');
  const { action, csrf } = consentForm(page.html, page.url);
  const body = new URLSearchParams({ csrf, decision: 'allow', ...(remember ? { remember: 'on' } : {}) });
  const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return (await browser.follow(new URL(posted.headers.get('location')!, action), (u) => u.href.startsWith(CLIENT_REDIRECT))).url;
}

/** Where the authorization request leads without anyone clicking: the consent page, or back to the client. */
async function withoutClicking(browser: CookieBrowser, url: URL): Promise<'consent page' | URL> {
  const { url: at, response } = await browser.follow(url, (u) => u.href.startsWith(CLIENT_REDIRECT));
  if (response === undefined) return at;
  expect(await response.text()).toContain('to use this MCP server?');
  return 'consent page';
}

describe('remembered consent', () => {
  it('not asked: the same client in the same browser sees the page again', async () => {
    const browser = new CookieBrowser();
    const clientId = await registerNative(stack.origin);
    expect((await consent(browser, authorize(clientId).url, false)).searchParams.get('code')).not.toBeNull();
    expect(await withoutClicking(browser, authorize(clientId).url)).toBe('consent page');
  });

  it('asked: the same client in the same browser signs in with no page; other clients, browsers and prompt=consent still see it', async () => {
    const browser = new CookieBrowser();
    const clientId = await registerNative(stack.origin);
    await consent(browser, authorize(clientId).url, true);
    const again = authorize(clientId);
    const back = await withoutClicking(browser, again.url);
    if (back === 'consent page') throw new Error('the remembered consent was not used');
    const answer = await token(stack.origin, { grant_type: 'authorization_code', code: back.searchParams.get('code')!, code_verifier: again.verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
    expect(answer.status).toBe(200);
    expect(await withoutClicking(browser, authorize(await registerNative(stack.origin, 'another client')).url)).toBe('consent page');
    expect(await withoutClicking(new CookieBrowser(), authorize(clientId).url)).toBe('consent page');
    expect(await withoutClicking(browser, authorize(clientId, { prompt: 'consent' }).url)).toBe('consent page');
  });

  it('remembered for one person: Entra signing in another is refused with access_denied', async () => {
    const browser = new CookieBrowser();
    const clientId = await registerNative(stack.origin);
    await consent(browser, authorize(clientId).url, true);
    // The browser's remembered consent now claims to be someone else's (the stack always signs in Megan).
    const handle = browser.cookies(new URL(stack.origin).hostname).get('proxy_consent_browser');
    const record = await store.adapter(REMEMBERED_BROWSER_MODEL).find(handle!);
    await store.adapter(REMEMBERED_BROWSER_MODEL).upsert(handle!, { ...record, oid: '00000000-0000-0000-0000-0000000000aa' }, 3600);
    await store.adapter('ProxyRememberedConsent').upsert(`${String(record!['tid'])}/00000000-0000-0000-0000-0000000000aa/${clientId}`, { clientId }, 3600);
    const back = await withoutClicking(browser, authorize(clientId).url);
    if (back === 'consent page') throw new Error('expected the page to be skipped');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    expect(stack.errors.at(-1)).toContain('another person');
  });
});

