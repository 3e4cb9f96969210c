import { AuthenticationHandler, Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { REQUEST_TIMEOUT_MS } from '../shared/fetch-with-timeout.ts';
import { toGraphScriptError } from './to-graph-script-error.ts';
import { defaultRetryPolicy, type RetryContext, type RetryPolicy } from './retry-policy.ts';
import { withRetry, type RetryEvent } from './with-retry.ts';

export type GraphMethod = 'GET' | 'POST' | 'PATCH';

/**
 * The narrow Graph surface the operations use. Paths are relative to `{graphUrl}/v1.0`.
 * Every call is retried per `retry-policy.ts`; failures are `GraphScriptError`s.
 */
export interface GraphApi {
  request<T = unknown>(method: GraphMethod, path: string, body?: unknown, context?: RetryContext): Promise<T>;
}

export interface GraphClientOptions {
  /** `MICROSOFT_GRAPH_URL`, e.g. `https://graph.microsoft.com` (no version segment). */
  readonly graphUrl: string;
  /** Returns a Graph access token; called before each request (credentials cache). */
  readonly getAccessToken: () => Promise<string>;
  readonly fetch?: typeof fetch;
  /** Aborts every request (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Per request; default `REQUEST_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly retryPolicy?: RetryPolicy;
  readonly onRetry?: (event: RetryEvent) => void;
}

/**
 * The last link of the middleware chain: sends with the injected `fetch`, within a time
 * limit. The library's own `HTTPMessageHandler` calls the global `fetch`, which tests could
 * not replace without patching, and sets no timeout. A timeout's message names the method
 * and URL (never the token); the library reports it as a request with no answer.
 */
function fetchHandler(fetchImpl: typeof fetch, timeoutMs: number, abort?: AbortSignal): Middleware {
  return {
    async execute(context: Context): Promise<void> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const options = { ...(context.options as RequestInit), signal: abort === undefined ? timeout : AbortSignal.any([timeout, abort]) };
      try {
        context.response = await fetchImpl(context.request, options);
      } catch (error) {
        if (!timeout.aborted) throw error;
        const url = typeof context.request === 'string' ? context.request : context.request.url;
        throw new Error(`${options.method ?? 'GET'} ${url.split('?')[0]}: no answer within ${timeoutMs / 1000} s`, { cause: error });
      }
    },
  };
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the Graph client: `@microsoft/microsoft-graph-client` with its own
 * `AuthenticationHandler`, our fetch at the end of the chain, and our retry loop around it.
 *
 * Why the library's auth handler and an https-only Graph URL, also in tests: the handler
 * attaches the token only to https URLs on Graph's hosts or `customHosts`, and strips an
 * Authorization header it did not add. We register exactly the configured Graph host as a
 * custom host, so sovereign clouds and the test stand-in (https, throwaway CA) go through
 * the same code as graph.microsoft.com, and a token is never sent in clear text.
 *
 * Why not the library's `RetryHandler`: it sleeps with real timers, knows only 429/503/504,
 * and cannot tell a replication-delay 404 from a real one; `withRetry` does all three.
 *
 * @example
 * ```ts
 * const graph = createGraphClient({ graphUrl: 'https://graph.microsoft.com', getAccessToken: async () => token });
 * const app = await graph.request('GET', `/applications(appId='${clientId}')`);
 * ```
 */
export function createGraphClient(options: GraphClientOptions): GraphApi {
  const base = new URL(options.graphUrl);
  if (base.protocol !== 'https:') throw new TypeError(`MICROSOFT_GRAPH_URL must be https (got ${base.origin})`);
  const client = Client.initWithMiddleware({
    middleware: [new AuthenticationHandler({ getAccessToken: options.getAccessToken }), fetchHandler(options.fetch ?? fetch, options.timeoutMs ?? REQUEST_TIMEOUT_MS, options.signal)],
    baseUrl: base.origin,
    defaultVersion: 'v1.0',
    customHosts: new Set([base.hostname]),
  });
  const runtime = {
    policy: options.retryPolicy ?? defaultRetryPolicy,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    onRetry: options.onRetry,
  };
  return {
    async request<T>(method: GraphMethod, path: string, body?: unknown, context?: RetryContext): Promise<T> {
      const label = `${method} ${path}`;
      const retry = context ?? { idempotent: method !== 'POST' };
      return withRetry(label, retry, runtime, async () => {
        // Fetch the token ourselves first: the library would wrap a credential failure
        // into a GraphError and lose its type (we need `SIGN_IN_REQUIRED` intact).
        await options.getAccessToken();
        try {
          const api = client.api(path);
          if (method === 'GET') return (await api.get()) as T;
          if (method === 'POST') return (await api.post(body ?? {})) as T;
          return (await api.patch(body)) as T;
        } catch (error) {
          throw toGraphScriptError(error, label);
        }
      });
    },
  };
}
