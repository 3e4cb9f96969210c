import { ConfigError } from './config-error.ts';
import { defaults } from './defaults.ts';
import { type Env, integer } from './read-env.ts';

/** How long a client may take, and how many may be connected at once. */
export interface ConnectionLimits {
  /** Time to receive a request's headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included (slow drips). */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is held open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections beyond this are dropped at once (idle ones count). */
  readonly maxConnections: number;
}

/** Reads the connection settings; Node requires headers to be due no later than the whole request. */
export function loadConnectionLimits(env: Env): ConnectionLimits {
  const headers = integer(env, 'HEADERS_TIMEOUT_SECONDS', defaults.HEADERS_TIMEOUT_SECONDS, 1, 600);
  const request = integer(env, 'REQUEST_TIMEOUT_SECONDS', defaults.REQUEST_TIMEOUT_SECONDS, 1, 3600);
  if (headers > request) {
    throw new ConfigError('HEADERS_TIMEOUT_SECONDS', `must not exceed REQUEST_TIMEOUT_SECONDS (${request})`, String(Math.min(defaults.HEADERS_TIMEOUT_SECONDS, request)));
  }
  return {
    headersTimeoutMs: headers * 1000,
    requestTimeoutMs: request * 1000,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', defaults.KEEP_ALIVE_TIMEOUT_SECONDS, 1, 600) * 1000,
    maxConnections: integer(env, 'MAX_CONNECTIONS', defaults.MAX_CONNECTIONS, 1, 1_000_000),
  };
}
