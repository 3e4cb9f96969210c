import { GraphScriptError, isGraphScriptError } from './graph-script-error.ts';
import { retryDecision, type RetryContext, type RetryPolicy, type RetryReason } from './retry-policy.ts';

/** One wait before another attempt, reported so the user sees why the script pauses. */
export interface RetryEvent {
  readonly request: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: RetryReason;
  /** Graph's code and status of the failure being retried, when there was an answer. */
  readonly graphCode?: string;
  readonly status?: number;
}

/** The injected parts of the retry loop: no real timers in tests. */
export interface RetryRuntime {
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly onRetry?: (event: RetryEvent) => void;
}

const REASON_TEXT: Record<RetryReason, string> = {
  throttled: 'Graph kept throttling (429)',
  'replication-delay': 'the new application did not replicate in time (404 Request_ResourceNotFound)',
  'service-principal-replication': 'the new application did not reach the service-principal replica in time (NoBackingApplicationObject)',
  'transient-server-error': 'Graph kept failing with server errors',
  'network-error': 'Graph could not be reached',
};

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy's bound is reached.
 * `attempt` must throw `GraphScriptError` (see `toGraphScriptError`) for failures to be
 * classified; anything else is rethrown at once.
 */
export async function withRetry<T>(request: string, context: RetryContext, runtime: RetryRuntime, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isGraphScriptError(error)) throw error;
      const failure = error.code === 'NETWORK_ERROR' ? {} : error.graph;
      if (failure === undefined) throw error;
      const decision = retryDecision(failure, n, context, runtime.policy, runtime.now());
      if (!decision.retry) {
        if (!decision.exhausted || decision.reason === undefined) throw error;
        const waited = decision.retryAfterMs === undefined ? `after ${n} attempts` : `Graph asked to wait ${Math.ceil(decision.retryAfterMs / 1000)} s`;
        throw new GraphScriptError({
          code: 'RETRIES_EXHAUSTED',
          message: `${REASON_TEXT[decision.reason]}: gave up on ${request} ${waited}. Last answer: ${error.message}`,
          request,
          graph: error.graph,
          advice: ['Nothing was left half-done that a re-run cannot finish: run the same command again in a minute.'],
          cause: error,
        });
      }
      runtime.onRetry?.({
        request,
        attempt: n,
        delayMs: decision.delayMs,
        reason: decision.reason,
        graphCode: error.graph?.graphCode,
        status: error.graph?.status,
      });
      await runtime.sleep(decision.delayMs);
    }
  }
}
