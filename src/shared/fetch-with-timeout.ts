/** How long any one outgoing request of the commands may take before it is given up. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A request that got no answer: the method and URL are named, never a header or body (those
 * may carry a token or a secret). Shaped like the commands' reportable errors (`code`, `advice`).
 */
export class RequestFailedError extends Error {
  readonly code: 'TIMEOUT' | 'NETWORK_ERROR';
  readonly method: string;
  readonly url: string;
  readonly advice: readonly string[];

  constructor(code: 'TIMEOUT' | 'NETWORK_ERROR', method: string, url: string, reason: string, cause?: unknown) {
    super(`${method} ${url}: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'RequestFailedError';
    this.code = code;
    this.method = method;
    this.url = url;
    this.advice = code === 'TIMEOUT' ? ['Check your network (and HTTPS_PROXY), then run again.'] : ['Check the URL and your network (and HTTPS_PROXY), then run again.'];
  }
}

/** `url` without its query: a query may carry a code or a key. */
function shown(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/**
 * `fetch` with a time limit (and the caller's own abort, e.g. Ctrl-C): a request that gets no
 * answer in `timeoutMs` fails with `TIMEOUT`, one that never reaches the host with
 * `NETWORK_ERROR`, each naming the method and URL.
 *
 * @example
 * ```ts
 * const response = await fetchWithTimeout(fetch, 'https://login.microsoftonline.com/x/v2.0/.well-known/openid-configuration');
 * ```
 */
export async function fetchWithTimeout(fetchImpl: typeof fetch, url: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal == null ? timeout : AbortSignal.any([timeout, init.signal]);
  try {
    return await fetchImpl(url, { ...init, signal });
  } catch (error) {
    if (timeout.aborted) throw new RequestFailedError('TIMEOUT', method, shown(url), `no answer within ${timeoutMs / 1000} s`, error);
    const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
    throw new RequestFailedError('NETWORK_ERROR', method, shown(url), reason, error);
  }
}
