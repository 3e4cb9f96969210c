import { ClientError, OAuthError } from './client-errors.ts';
import type { LoopbackCallback } from './loopback-callback.ts';
import type { Fetch } from './timed-fetch.ts';

/** How long `npm run sign-in` waits for the browser to come back, by default. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** Options of {@link authorizeInBrowser}. */
export interface AuthorizeInBrowserOptions {
  readonly authorizationUrl: string;
  readonly callback: LoopbackCallback;
  /** Shows the URL to the person: opens a browser, or prints it. */
  readonly open: (url: string) => Promise<void> | void;
  readonly fetch: Fetch;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
}

// Entra shows errors it will not redirect (unknown client 700016, unregistered redirect 50011,
// https://learn.microsoft.com/entra/identity-platform/reference-error-codes) on its own page,
// with the code and message in the page's text.
const ENTRA_ERROR_TEXT = /AADSTS(\d{5,7}): ([^"<\\\r\n]{1,400})/;

/**
 * Pure: the Entra error an authorization page shows instead of signing in, if any: a
 * redirect to `redirectUri` carrying `error`, or Entra's error page (`AADSTS…` text).
 */
export function entraErrorOf(status: number, location: string | null, html: string, redirectUri: string): { error: string; error_description: string } | undefined {
  if (status >= 300 && status < 400 && location !== null) {
    const to = new URL(location, redirectUri);
    const error = to.searchParams.get('error');
    if (to.href.startsWith(redirectUri.split('?')[0]!) && error !== null) return { error, error_description: to.searchParams.get('error_description') ?? '' };
    return undefined;
  }
  const m = ENTRA_ERROR_TEXT.exec(html);
  return m === null ? undefined : { error: 'entra_error_page', error_description: `AADSTS${m[1]}: ${m[2]!.trim()}` };
}

function whenAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new ClientError('cancelled', 'the sign-in was cancelled')), { once: true });
  });
}

/**
 * The browser part of Authorization Code: first asks the authorization endpoint itself
 * whether it would show an error page instead of a sign-in (so the terminal shows Entra's
 * AADSTS error rather than waiting for a callback that never comes), then shows the URL
 * and waits for the callback, at most `timeoutMs`. An `error` in the callback becomes an
 * OAuthError carrying Entra's description.
 */
export async function authorizeInBrowser(options: AuthorizeInBrowserOptions): Promise<URL> {
  const endpoint = `GET ${options.authorizationUrl.split('?')[0]}`;
  const probe = await options.fetch(options.authorizationUrl, { method: 'GET', redirect: 'manual', headers: { accept: 'text/html' } });
  const page = probe.status >= 300 && probe.status < 400 ? '' : await probe.text();
  if (page === '') await probe.body?.cancel();
  const refused = entraErrorOf(probe.status, probe.headers.get('location'), page, options.callback.redirectUri);
  if (refused !== undefined) throw new OAuthError(refused, probe.status, endpoint);

  await options.open(options.authorizationUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ClientError('timeout', `no sign-in came back to ${options.callback.redirectUri} within ${Math.round(timeoutMs / 1000)} s`, undefined, {
      advice: ['if the browser shows an error (AADSTS…), fix what it names; otherwise finish signing in faster, or wait longer with --timeout <seconds>'],
    })), timeoutMs);
  });
  try {
    const arrived = await Promise.race([options.callback.received, timedOut, whenAborted(options.signal)]);
    const error = arrived.searchParams.get('error');
    if (error !== null) throw new OAuthError({ error, error_description: arrived.searchParams.get('error_description') ?? '' }, 302, endpoint);
    return arrived;
  } finally {
    clearTimeout(timer);
  }
}
