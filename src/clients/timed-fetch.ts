import { ClientError, HttpError } from './client-errors.ts';
import { describeNetworkFailure } from './describe-network-failure.ts';

/** The `fetch` the clients use; injected so tests and other runtimes can supply theirs. */
export type Fetch = typeof fetch;

/** How long any one request of the clients may take. */
export const REQUEST_TIMEOUT_MS = 30_000;

function methodAndUrl(input: string | URL | Request, init: RequestInit | undefined): { method: string; url: string } {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { method, url };
}

/**
 * `fetch` with a timeout on every request and errors that say which request failed and
 * why: ClientError `timeout` or `network` naming `METHOD url` and the cause (DNS, refused,
 * TLS), never a header or a body, so never a token. openid-client and the MCP SDK take it
 * as their custom fetch. A caller's own abort (Ctrl-C) passes through as it is.
 */
export function timedFetch(fetchImpl: Fetch = fetch, timeoutMs: number = REQUEST_TIMEOUT_MS): Fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const { method, url } = methodAndUrl(input, init);
    const request = `${method} ${url.split('?')[0]}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      return await fetchImpl(input, { ...init, signal });
    } catch (error) {
      if (timeout.aborted) {
        throw new ClientError('timeout', `${request} got no answer within ${timeoutMs / 1000} s`, request, { cause: error, advice: describeNetworkFailure(url, error).advice });
      }
      if (init?.signal?.aborted === true) throw error;
      const failure = describeNetworkFailure(url, error);
      throw new ClientError('network', `${request} failed: ${failure.reason}`, request, { cause: error, advice: failure.advice });
    }
  }) as Fetch;
}

/** GETs a JSON document (RFC 9728 metadata); HttpError for any other answer. */
export async function getJson(fetchImpl: Fetch, url: string): Promise<Record<string, unknown>> {
  const request = `GET ${url}`;
  const response = await fetchImpl(url, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual' });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(response.status, `${request} answered ${response.status}${body === undefined ? ' without JSON' : ''}`, request);
  }
  return body as Record<string, unknown>;
}
