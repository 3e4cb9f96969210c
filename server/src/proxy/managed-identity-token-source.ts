/**
 * Tokens of the host's user-assigned managed identity, from the endpoint Container Apps
 * gives an app with an identity (https://learn.microsoft.com/azure/container-apps/managed-identity#rest-endpoint-reference):
 * `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=...&client_id=...` with the
 * `X-IDENTITY-HEADER` header answers `{access_token, expires_on, resource, token_type, client_id}`.
 *
 * Hand-written rather than `@azure/identity`'s `ManagedIdentityCredential`: this is one GET,
 * and that package (with MSAL) would add weight to the server image, reads `process.env`
 * itself (so tests could not hand it an endpoint without changing the process's environment),
 * and offers `DefaultAzureCredential`-style fallbacks the server must not use.
 */

/** What the source is built from; `fetch` and the clock are injectable, for tests. */
export interface ManagedIdentityTokenSourceOptions {
  /** `IDENTITY_ENDPOINT`. */
  readonly endpoint: string;
  /** `IDENTITY_HEADER`: the value of `X-IDENTITY-HEADER`. */
  readonly header: string;
  /** `AZURE_MANAGED_IDENTITY_CLIENT_ID`: which user-assigned identity. */
  readonly clientId: string;
  /** The token's audience: the cloud's token-exchange audience (token-exchange-audience.ts). */
  readonly audience: string;
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  /** Give up on the endpoint after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Fetch a new token this long before the cached one expires (default 5 minutes). */
  readonly refreshMarginSeconds?: number;
}

/** The endpoint gave no token. The message names the endpoint and why; never a token. */
export class ManagedIdentityTokenError extends Error {
  /** Stable, for logs that show only a code (the proxy's callback does). */
  readonly code = 'managed_identity_token_failed';
  constructor(endpoint: string, reason: string, options?: ErrorOptions) {
    super(`the managed identity endpoint ${endpoint} gave no token: ${reason}`, options);
    this.name = 'ManagedIdentityTokenError';
  }
}

/** A token source: `token()` answers from the cache while the token is fresh, else asks the endpoint once for every caller waiting. */
export interface ManagedIdentityTokenSource {
  token(): Promise<string>;
}

/** Reads the endpoint's answer: the token and when it expires (`expires_on`, epoch seconds as a string). */
function readAnswer(body: unknown, fail: (reason: string) => never): { token: string; expiresAtMs: number } {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = answer['access_token'];
  const expiresOn = Number(answer['expires_on']);
  if (typeof token !== 'string' || token === '') fail('the answer has no access_token');
  if (!Number.isFinite(expiresOn) || expiresOn <= 0) fail('the answer has no expires_on (epoch seconds)');
  return { token, expiresAtMs: expiresOn * 1000 };
}

/**
 * Makes the token source. One request at a time: callers arriving while one is in flight
 * share it, and a failure is not cached (the next call asks again).
 *
 * @example
 * ```ts
 * const source = createManagedIdentityTokenSource({ endpoint: env.IDENTITY_ENDPOINT, header: env.IDENTITY_HEADER, clientId, audience: 'api://AzureADTokenExchange' });
 * const assertion = await source.token();
 * ```
 */
export function createManagedIdentityTokenSource(options: ManagedIdentityTokenSourceOptions): ManagedIdentityTokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const marginMs = (options.refreshMarginSeconds ?? 300) * 1000;
  // Named in errors without its query (nothing secret is in it, but the header never is).
  const shownEndpoint = new URL(options.endpoint).origin + new URL(options.endpoint).pathname;
  let cached: { token: string; expiresAtMs: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const request = async (): Promise<string> => {
    const fail = (reason: string, cause?: unknown): never => {
      throw new ManagedIdentityTokenError(shownEndpoint, reason, cause === undefined ? undefined : { cause });
    };
    const url = new URL(options.endpoint);
    url.searchParams.set('api-version', '2019-08-01');
    url.searchParams.set('resource', options.audience);
    url.searchParams.set('client_id', options.clientId);
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { 'X-IDENTITY-HEADER': options.header, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return fail(timedOut ? `no answer within ${timeoutMs} ms` : `the request failed (${(error as Error).message})`, error);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return fail(`HTTP ${response.status}, not JSON`);
    }
    if (!response.ok) {
      // The endpoint's own error text says what is wrong (an unknown client_id, a bad header); it carries no token.
      const message = (body as { message?: unknown; error_description?: unknown }).message ?? (body as { error_description?: unknown }).error_description;
      return fail(`HTTP ${response.status}${typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''} (is AZURE_MANAGED_IDENTITY_CLIENT_ID the client id of an identity assigned to this app?)`);
    }
    cached = readAnswer(body, fail);
    return cached.token;
  };

  return {
    token() {
      if (cached !== undefined && now() < cached.expiresAtMs - marginMs) return Promise.resolve(cached.token);
      inFlight ??= request().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
