import type { IncomingMessage, ServerResponse } from 'node:http';
import { AttemptLimiter } from './attempt-limiter.ts';
import { EntraError } from './entra-error.ts';
import { sendHtml } from './http-io.ts';
import { errorPage } from './interaction-pages.ts';

/**
 * Every answer forbids framing: the sign-in, consent and device pages must not be
 * clickjacked inside another site's frame (`X-Frame-Options` for older browsers, CSP
 * `frame-ancestors` for the rest; https://www.rfc-editor.org/rfc/rfc7034,
 * https://www.w3.org/TR/CSP3/#directive-frame-ancestors). Entra's pages send both.
 */
export function setAntiFramingHeaders(res: ServerResponse): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
}

/** Entra's throttling answer (https://learn.microsoft.com/entra/identity-platform/reference-error-codes: 90055). */
export const TOO_MANY_REQUESTS = new EntraError('temporarily_unavailable', 90055, 'There are too many incoming requests. Wait and try again.', 429);

/** What the guards are built from. */
export interface FrontGuardOptions {
  /** Whether the store has room for a new flow (memory-adapter.ts); refused with 429 when not. */
  readonly hasRoom?: () => boolean;
  /** User-code entries on `/devicelogin` allowed per client address and window (default 10 a minute). */
  readonly deviceLoginAttempts?: { readonly max: number; readonly windowMs: number };
  readonly now?: () => number;
}

/** Paths (after `/{tenant}`) that start a flow, or a step that stores something. */
const STORING = new Set(['/oauth2/v2.0/authorize', '/oauth2/v2.0/token', '/oauth2/v2.0/devicecode', '/devicelogin']);

/**
 * The refusals made before any endpoint runs: a full store (429, as Entra throttles), and
 * too many user-code guesses from one address on `/devicelogin`. A nine-character code
 * from 20 letters cannot be guessed at 10 tries a minute; it could at the hundreds a
 * second the page otherwise takes. Returns whether it answered.
 */
export function createFrontGuards(options: FrontGuardOptions, jsonError: (req: IncomingMessage, res: ServerResponse, failure: EntraError) => void) {
  const limits = options.deviceLoginAttempts ?? { max: 10, windowMs: 60_000 };
  const guesses = new AttemptLimiter({ ...limits, ...(options.now === undefined ? {} : { now: options.now }) });
  const refuse = (req: IncomingMessage, res: ServerResponse, rest: string, retryAfterSeconds: number): true => {
    res.setHeader('Retry-After', String(retryAfterSeconds));
    if (rest.startsWith('/oauth2/v2.0/token') || rest.startsWith('/oauth2/v2.0/devicecode')) jsonError(req, res, TOO_MANY_REQUESTS);
    else sendHtml(res, 429, errorPage(TOO_MANY_REQUESTS.message));
    return true;
  };
  return (req: IncomingMessage, res: ServerResponse, rest: string): boolean => {
    if (STORING.has(rest) && options.hasRoom !== undefined && !options.hasRoom()) return refuse(req, res, rest, 60);
    if (rest === '/devicelogin' && req.method === 'POST') {
      const { allowed, retryAfterSeconds } = guesses.attempt(req.socket.remoteAddress ?? 'unknown');
      if (!allowed) return refuse(req, res, rest, retryAfterSeconds);
    }
    return false;
  };
}
