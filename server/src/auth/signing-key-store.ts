import { AuthError } from './auth-error.ts';
import { fetchJson } from './fetch-json.ts';
import { importJwk, type SigningKey } from './import-jwk.ts';
import { mayRefetch } from './refetch-decision.ts';

export type { SigningKey };

/** Said for any token whose `kid` the issuer does not publish. */
export const UNKNOWN_KEY = "signing key not found: the token was not issued by this API's authority, or its key was withdrawn";

/** Said while no key has ever loaded: the server cannot verify any token yet. */
export const KEYS_UNAVAILABLE = "the server has not loaded its authority's signing keys yet, so it cannot verify any token: try again shortly";

export interface SigningKeyStoreOptions {
  /** `${issuer}/.well-known/openid-configuration`. */
  readonly discoveryUrl: string;
  /**
   * Decides whether the discovery document's `issuer` is the one we expect; returns the
   * problem, or undefined when it is fine. Omitted: any issuer is taken (the v1 document).
   */
  readonly checkIssuer?: (issuer: string) => string | undefined;
  readonly fetch?: typeof fetch;
  /** Milliseconds since the epoch; injected so tests drive cooldowns without waiting. */
  readonly now?: () => number;
  /** An unknown `kid` triggers at most one refetch per this many milliseconds. */
  readonly cooldownMs: number;
  /** Keys are refetched in the background this often. */
  readonly refreshMs: number;
  readonly timeoutMs?: number;
  /** Discovery and JWKS bodies above this are refused (Entra's are a few kB). */
  readonly maxBytes?: number;
  readonly onEvent?: (event: KeyStoreEvent) => void;
}

export type KeyStoreEvent =
  | { readonly type: 'keys_loaded'; readonly count: number; readonly added: number; readonly removed: number }
  | { readonly type: 'keys_fetch_failed'; readonly url: string; readonly reason: string; readonly everLoaded: boolean }
  | { readonly type: 'key_skipped'; readonly url: string; readonly reason: string };

/**
 * The issuer's signing keys, found through its OpenID discovery document and cached by
 * `kid`. Follows Entra's guidance
 * (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover): keys roll without notice,
 * so refresh periodically and on an unknown `kid`, but never more than once per cooldown;
 * when the endpoint is down, keep serving the keys already held.
 */
export class SigningKeyStore {
  readonly #options: SigningKeyStoreOptions;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #keys = new Map<string, SigningKey>();
  #jwksUri: string | undefined;
  #issuer: string | undefined;
  #lastAttemptAt: number | undefined;
  #inflight: Promise<void> | undefined;
  #lastError: string | undefined = 'not loaded yet';
  #fetchCount = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SigningKeyStoreOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
  }

  /** True once keys have been loaded at least once. */
  get ready(): boolean {
    return this.#keys.size > 0;
  }

  /** Why the last load failed, if it did. Safe to show: no secrets. */
  get lastError(): string | undefined {
    return this.#lastError;
  }

  /** The issuer named by the discovery document, once loaded. */
  get issuer(): string | undefined {
    return this.#issuer;
  }

  /** How many times the JWKS itself has been requested (benchmarks and tests). */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  hasKey(kid: string): boolean {
    return this.#keys.has(kid);
  }

  /**
   * The key held now for `kid`, never fetching. The same object comes back across refreshes
   * while the JWKS keeps the same material under that `kid`, so identity tells a re-keyed one.
   */
  peekKey(kid: string): SigningKey | undefined {
    return this.#keys.get(kid);
  }

  /** Loads now, then keeps refreshing in the background; retries sooner while nothing is loaded. */
  start(): Promise<void> {
    const schedule = (): void => {
      const delay = this.ready ? this.#options.refreshMs : Math.min(5_000, this.#options.refreshMs);
      this.#timer = setTimeout(() => void this.refresh().finally(schedule), delay);
      this.#timer.unref();
    };
    return this.refresh().finally(schedule);
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  /** The key for `kid`; an unknown `kid` refetches at most once per cooldown. */
  async getKey(kid: string): Promise<SigningKey> {
    let key = this.#keys.get(kid);
    if (key !== undefined) return key;
    if (this.#inflight !== undefined) {
      await this.#inflight;
    } else if (mayRefetch({ lastAttemptAt: this.#lastAttemptAt, now: this.#now(), cooldownMs: this.#options.cooldownMs })) {
      await this.refresh();
    }
    key = this.#keys.get(kid);
    if (key !== undefined) return key;
    if (!this.ready) throw new AuthError('keys_unavailable', KEYS_UNAVAILABLE);
    throw new AuthError('unknown_key', UNKNOWN_KEY);
  }

  /** Fetches the keys once (single flight). Never throws: failures keep the keys already held. */
  refresh(): Promise<void> {
    this.#inflight ??= this.#load().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  #getJson(url: string): Promise<Record<string, unknown>> {
    return fetchJson(url, { fetch: this.#fetch, timeoutMs: this.#options.timeoutMs ?? 5_000, maxBytes: this.#options.maxBytes ?? 1_048_576 });
  }

  async #discover(): Promise<string> {
    const doc = await this.#getJson(this.#options.discoveryUrl);
    const issuer = doc['issuer'];
    const jwksUri = doc['jwks_uri'];
    if (typeof issuer !== 'string' || typeof jwksUri !== 'string') throw new Error(`${this.#options.discoveryUrl} lacks issuer or jwks_uri`);
    const problem = this.#options.checkIssuer?.(issuer);
    if (problem !== undefined) throw new Error(problem);
    // Entra serves the keys from the authority's own origin ({host}/{tenant}/discovery/v2.0/keys,
    // https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc); a document
    // naming another origin would let whoever controls it choose the keys, or aim our fetches.
    const authority = new URL(this.#options.discoveryUrl).origin;
    if (!URL.canParse(jwksUri) || new URL(jwksUri).origin !== authority) {
      throw new Error(`the discovery document's jwks_uri is not on ${authority}`);
    }
    this.#issuer = issuer;
    this.#jwksUri = jwksUri;
    return jwksUri;
  }

  async #load(): Promise<void> {
    this.#lastAttemptAt = this.#now();
    try {
      const jwksUri = this.#jwksUri ?? (await this.#discover());
      this.#fetchCount += 1;
      const jwks = await this.#getJson(jwksUri);
      const entries: unknown[] = Array.isArray(jwks['keys']) ? jwks['keys'] : [];
      const next = new Map<string, SigningKey>();
      for (const entry of entries) {
        const key = importJwk(entry);
        if (typeof key === 'string') {
          this.#options.onEvent?.({ type: 'key_skipped', url: jwksUri, reason: key });
          continue;
        }
        const held = this.#keys.get(key.kid);
        next.set(key.kid, held !== undefined && held.material === key.material ? held : key);
      }
      if (next.size === 0) throw new Error('the JWKS holds no usable signing keys');
      const added = [...next.values()].filter((k) => this.#keys.get(k.kid) !== k).length;
      const removed = [...this.#keys.values()].filter((k) => next.get(k.kid) !== k).length;
      this.#keys = next;
      this.#lastError = undefined;
      this.#options.onEvent?.({ type: 'keys_loaded', count: next.size, added, removed });
    } catch (error) {
      // Rediscover next time: the document may have moved the keys.
      this.#jwksUri = undefined;
      this.#lastError = error instanceof Error ? error.message : String(error);
      this.#options.onEvent?.({ type: 'keys_fetch_failed', url: this.#options.discoveryUrl, reason: this.#lastError, everLoaded: this.ready });
    }
  }
}
