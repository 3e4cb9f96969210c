/**
 * Pure retry decisions for Graph calls: which failures are worth another attempt, and
 * how long to wait first. `with-retry.ts` does the waiting with an injected sleep.
 */

/** Bounds of the retry loop. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** Wait before the second attempt; doubles each time. */
  readonly baseDelayMs: number;
  /** Cap on one backoff wait. */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited out: the user is told to come back later. */
  readonly maxRetryAfterMs: number;
}

/**
 * 8 attempts, 0.5 s doubling to a 10 s cap: about 35 s in all, which covers the usual
 * replication delay after creating an application (seconds, occasionally tens of seconds).
 * No jitter: one interactive client is no thundering herd, and fixed waits keep tests exact.
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 120_000,
};

/** The facts of one failed attempt that the decision needs. */
export interface AttemptFailure {
  /** HTTP status; undefined when no answer came (network error). */
  readonly status?: number;
  readonly graphCode?: string;
  readonly detailCodes?: readonly string[];
  /** The raw `Retry-After` header: delta-seconds or an HTTP-date. */
  readonly retryAfter?: string;
}

/** What the caller knows about the request. */
export interface RetryContext {
  /**
   * The request is safe to repeat: GET, PATCH with full values, creating a service
   * principal (a duplicate is refused, not created). Creating an application or adding
   * a password is not: a 5xx may hide a success, and repeating it would make a second one.
   */
  readonly idempotent: boolean;
  /**
   * The object was created moments ago, so a 404 is Graph's replication delay rather than
   * a real absence. Off by default: a 404 for a client id from `.env` is a real answer.
   */
  readonly retryNotFound?: boolean;
}

/** Why a failure is retried, for the line the user sees. */
export type RetryReason = 'throttled' | 'replication-delay' | 'service-principal-replication' | 'transient-server-error' | 'network-error';

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: RetryReason }
  | { readonly retry: false; readonly exhausted: boolean; readonly reason?: RetryReason; readonly retryAfterMs?: number };

/**
 * Parses `Retry-After` (RFC 9110: delta-seconds or an HTTP-date) into milliseconds.
 *
 * @example
 * ```ts
 * parseRetryAfter('3', 0); // 3000
 * ```
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function classify(failure: AttemptFailure, context: RetryContext): RetryReason | undefined {
  const { status } = failure;
  if (status === undefined) return context.idempotent ? 'network-error' : undefined;
  if (status === 429) return 'throttled';
  if (status === 404 && failure.graphCode === 'Request_ResourceNotFound' && context.retryNotFound === true) return 'replication-delay';
  // POST /servicePrincipals right after POST /applications: the new app has not reached
  // the replica that serves the request yet (REPORTED: https://learn.microsoft.com/answers/questions/5883620, azure-cli history).
  if (status === 400 && (failure.detailCodes ?? []).includes('NoBackingApplicationObject')) return 'service-principal-replication';
  if (status >= 500 && status <= 599) {
    // A 503 with Retry-After is Graph shedding load before doing anything: safe even for POST.
    if (context.idempotent || (status === 503 && failure.retryAfter !== undefined)) return 'transient-server-error';
  }
  return undefined;
}

/**
 * Decides whether attempt number `attempt` (1-based) is followed by another, and after
 * how long. `Retry-After` wins over the backoff when the answer carries one.
 *
 * @example
 * ```ts
 * retryDecision({ status: 429, retryAfter: '2' }, 1, { idempotent: false }, defaultRetryPolicy, 0);
 * // { retry: true, delayMs: 2000, reason: 'throttled' }
 * ```
 */
export function retryDecision(
  failure: AttemptFailure,
  attempt: number,
  context: RetryContext,
  policy: RetryPolicy,
  nowMs: number,
): RetryDecision {
  const reason = classify(failure, context);
  if (reason === undefined) return { retry: false, exhausted: false };
  if (attempt >= policy.maxAttempts) return { retry: false, exhausted: true, reason };
  const retryAfterMs = parseRetryAfter(failure.retryAfter, nowMs);
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return { retry: false, exhausted: true, reason, retryAfterMs };
    return { retry: true, delayMs: retryAfterMs, reason };
  }
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs, reason };
}
