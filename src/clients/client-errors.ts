/**
 * The clients' errors. Each names what was asked (method and URL) and carries a stable
 * `code` to branch on; none carries a token or a secret. Values the identity provider
 * chose (its error text) are JSON-quoted where they are shown, never interpreted.
 */

/** Stable codes of {@link ClientError}. */
export type ClientErrorCode =
  | 'network' // no HTTP answer at all (DNS, refused, TLS)
  | 'timeout' // no answer in time
  | 'http' // an HTTP answer that is not what the protocol expects
  | 'oauth' // an OAuth error answer (`error`, `error_description`)
  | 'expired' // the device code expired before the user finished
  | 'declined' // the user declined
  | 'config' // a missing or bad setting
  | 'mixed-env' // settings that belong to different deployments (the local stack and Entra)
  | 'protocol' // the server broke a protocol rule (no challenge, bad metadata, state mismatch)
  | 'cancelled';

/** The one error family of the clients; it has the shape `src/cli` reports (code, message, advice). */
export class ClientError extends Error {
  readonly code: ClientErrorCode;
  /** `METHOD url` of the request that failed, when one did. */
  readonly request: string | undefined;
  /** What to do about it, one sentence each. */
  readonly advice: readonly string[];

  constructor(code: ClientErrorCode, message: string, request?: string, options?: { cause?: unknown; advice?: readonly string[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClientError';
    this.code = code;
    this.request = request;
    this.advice = options?.advice ?? [];
  }

  /** Exit status for `src/cli`: settings problems 2, Ctrl-C 130, anything else 1. */
  get exitStatus(): 0 | 1 | 2 | 130 {
    return this.code === 'config' || this.code === 'mixed-env' ? 2 : this.code === 'cancelled' ? 130 : 1;
  }
}

/** An OAuth error answer, with Entra's AADSTS number when the provider sent one. */
export class OAuthError extends ClientError {
  readonly error: string;
  /** The first line of `error_description` (Entra appends trace and correlation ids after it). */
  readonly description: string;
  /** Entra's `error_codes[0]`, e.g. 9010010. */
  readonly aadsts: number | undefined;
  readonly status: number;

  constructor(body: { error: string; error_description?: string; error_codes?: number[] }, status: number, request: string, options?: { advice?: readonly string[] }) {
    const description = (body.error_description ?? '').split(/\r?\n/)[0] ?? '';
    super('oauth', `${request} answered ${status} ${JSON.stringify(body.error)}${description === '' ? '' : `: ${JSON.stringify(description)}`}`, request, options);
    this.name = 'OAuthError';
    this.error = body.error;
    this.description = description;
    // A redirected error has no `error_codes`; Entra's description still starts with the code.
    const prefix = /^AADSTS(\d+):/.exec(description);
    this.aadsts = body.error_codes?.[0] ?? (prefix === null ? undefined : Number(prefix[1]));
    this.status = status;
  }
}

/** An HTTP answer the protocol did not expect (a 404 where metadata should be, a page instead of JSON). */
export class HttpError extends ClientError {
  readonly status: number;

  constructor(status: number, message: string, request: string, options?: { advice?: readonly string[] }) {
    super('http', message, request, options);
    this.name = 'HttpError';
    this.status = status;
  }
}
