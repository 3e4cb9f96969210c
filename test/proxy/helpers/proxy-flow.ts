import { createHash, randomBytes } from 'node:crypto';
import { consentForm, CookieBrowser } from './cookie-browser.ts';

export const CLIENT_REDIRECT = 'http://127.0.0.1:43123/callback';

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function register(origin: string, metadata: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function registerNative(origin: string, name = 'Test MCP client'): Promise<string> {
  const { status, body } = await register(origin, { redirect_uris: [CLIENT_REDIRECT], client_name: name });
  if (status !== 201) throw new Error(`registration failed: ${JSON.stringify(body)}`);
  return String(body['client_id']);
}

export function authorizeUrl(origin: string, params: Record<string, string>): URL {
  const url = new URL(`${origin}/oauth/authorize`);
  for (const [k, v] of Object.entries({ response_type: 'code', state: 'client-state-1', ...params })) url.searchParams.set(k, v);
  return url;
}

/** Opens the authorization URL and stops at the consent page (or whatever answers first). */
export async function openConsent(browser: CookieBrowser, url: URL): Promise<{ url: URL; status: number; html: string; headers: Headers }> {
  const { url: at, response } = await browser.follow(url);
  if (response === undefined) throw new Error('stopped before a page');
  return { url: at, status: response.status, html: await response.text(), headers: response.headers };
}

/** Submits the consent form; follows Entra (auto sign-in) back to the client's redirect URI, which is not requested. */
export async function approve(browser: CookieBrowser, page: { url: URL; html: string }, decision = 'allow'): Promise<URL> {
  const { action, csrf } = consentForm(page.html, page.url);
  const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision }) });
  const location = posted.headers.get('location');
  if (location === null) throw new Error(`consent answered ${posted.status}: ${await posted.text()}`);
  const { url } = await browser.follow(new URL(location, action), (u) => u.href.startsWith(CLIENT_REDIRECT));
  return url;
}

export async function token(origin: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A full sign-in of a fresh client: returns the client, its verifier and the code. */
export async function signInForCode(origin: string, mcpResource: string, extra: Record<string, string> = {}): Promise<{ clientId: string; verifier: string; code: string; redirect: URL }> {
  const clientId = await registerNative(origin);
  const { verifier, challenge } = pkce();
  const browser = new CookieBrowser();
  const page = await openConsent(browser, authorizeUrl(origin, { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', resource: mcpResource, scope: 'access_as_user', ...extra }));
  const redirect = await approve(browser, page);
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${redirect.search}`);
  return { clientId, verifier, code, redirect };
}
