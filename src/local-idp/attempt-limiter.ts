/** Options of {@link AttemptLimiter}. */
export interface AttemptLimiterOptions {
  /** Attempts allowed per key in each window. */
  readonly max: number;
  readonly windowMs: number;
  readonly now?: () => number;
  /** Keys remembered at most (a flood of keys cannot grow memory past this). */
  readonly maxKeys?: number;
}

/**
 * Fixed-window attempt counting per key (a client address): `max` attempts per `windowMs`,
 * then a refusal with the seconds until the window ends. Memory is bounded by `maxKeys`;
 * when that many keys are live the oldest window is forgotten first.
 *
 * @example
 * ```ts
 * const limiter = new AttemptLimiter({ max: 10, windowMs: 60_000 });
 * const { allowed, retryAfterSeconds } = limiter.attempt('127.0.0.1');
 * ```
 */
export class AttemptLimiter {
  readonly #options: Required<AttemptLimiterOptions>;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(options: AttemptLimiterOptions) {
    this.#options = { now: Date.now, maxKeys: 10_000, ...options };
  }

  /** Counts one attempt for `key` (refused ones too) and says whether it is within the limit. */
  attempt(key: string): { allowed: boolean; retryAfterSeconds: number } {
    const { max, windowMs, now, maxKeys } = this.#options;
    const t = now();
    let window = this.#windows.get(key);
    if (window === undefined || t - window.start >= windowMs) {
      this.#windows.delete(key);
      if (this.#windows.size >= maxKeys) this.#windows.delete(this.#windows.keys().next().value as string);
      window = { start: t, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return { allowed: window.count <= max, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - t) / 1000)) };
  }
}
