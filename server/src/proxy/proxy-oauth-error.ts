/** OAuth error codes the proxy's own checks answer (RFC 6749 §4.1.2.1, §5.2; RFC 7591 §3.2.2). */
export type ProxyOAuthErrorCode =
  | 'invalid_request'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable';

/**
 * A refusal by the proxy's own code (oidc-provider answers its own errors). `description`
 * is safe to show: it never carries a token, a secret or an unescaped client value.
 */
export class ProxyOAuthError extends Error {
  readonly error: ProxyOAuthErrorCode;
  readonly status: number;
  readonly description: string;
  /** For 429: when to try again (`Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(error: ProxyOAuthErrorCode, description: string, status = 400, retryAfterSeconds?: number) {
    super(description);
    this.name = 'ProxyOAuthError';
    this.error = error;
    this.status = status;
    this.description = description;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The JSON body of an error answer (RFC 6749 §5.2). */
  toResponseObject(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}
