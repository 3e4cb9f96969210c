/** Options of {@link FixedWindowRateLimiter}. */
export interface RateLimit {
  /** Requests allowed per key in one window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Counts requests per key (a client address) in fixed windows, in this process. Enough
 * to stop one host from registering clients by the thousand; several replicas each
 * allow `limit`, which keeps the bound within a factor of the replica count.
 */
export class FixedWindowRateLimiter {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  #windowStart = 0;
  #counts = new Map<string, number>();

  constructor(limit: RateLimit, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Counts one request; returns the seconds to wait when over the limit, or 0 when allowed. */
  hit(key: string): number {
    const now = this.#now();
    const windowMs = this.#limit.windowSeconds * 1000;
    if (now - this.#windowStart >= windowMs) {
      // A new window forgets every key, so the map never outgrows one window's callers.
      this.#windowStart = now - ((now - this.#windowStart) % windowMs);
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    if (count <= this.#limit.limit) return 0;
    return Math.max(1, Math.ceil((this.#windowStart + windowMs - now) / 1000));
  }
}
