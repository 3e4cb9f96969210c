import type { VerifiedToken } from './verify-access-token.ts';

/**
 * Tokens already verified, keyed by the exact token string, so a client reusing its token
 * costs a map lookup instead of a signature check. A hit is still refused once the token
 * expires, or once its key has left the JWKS (a withdrawn or re-keyed `kid` revokes what it signed).
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>();
  readonly #maxEntries: number;
  readonly #clockSkewSeconds: number;

  constructor(maxEntries: number, clockSkewSeconds: number) {
    this.#maxEntries = maxEntries;
    this.#clockSkewSeconds = clockSkewSeconds;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(token: string, nowSeconds: number): VerifiedToken | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    // The very key object that verified it: a withdrawn or re-keyed `kid` misses.
    if (nowSeconds > entry.principal.expiresAt + this.#clockSkewSeconds || entry.keys.peekKey(entry.kid) !== entry.key) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, entry: VerifiedToken): void {
    if (this.#entries.size >= this.#maxEntries) {
      // Oldest first: Map iterates in insertion order.
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(token, entry);
  }
}
