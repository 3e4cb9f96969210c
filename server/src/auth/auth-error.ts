/**
 * Stable codes for every way a request can fail authentication or authorization.
 * Branch on `code`, never on the message. `status` and `oauthError` follow RFC 6750 §3.1.
 */
export type AuthErrorCode =
  | 'missing_token'
  | 'token_in_query'
  | 'malformed_authorization'
  | 'malformed_token'
  | 'algorithm_not_allowed'
  | 'embedded_key_header'
  | 'unknown_key'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_tenant'
  | 'tenant_not_allowed'
  | 'wrong_audience'
  | 'graph_token'
  | 'id_token'
  | 'v1_token'
  | 'expired'
  | 'revoked'
  | 'not_yet_valid'
  | 'missing_claim'
  | 'client_app_not_allowed'
  | 'missing_scope'
  | 'app_only_not_allowed'
  | 'missing_role'
  | 'keys_unavailable';

type OAuthErrorValue = 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable' | undefined;

const STATUS: Record<AuthErrorCode, { status: number; oauthError: OAuthErrorValue }> = {
  // RFC 6750 §3.1: with no authentication information, no error code.
  missing_token: { status: 401, oauthError: undefined },
  token_in_query: { status: 400, oauthError: 'invalid_request' },
  malformed_authorization: { status: 400, oauthError: 'invalid_request' },
  malformed_token: { status: 401, oauthError: 'invalid_token' },
  algorithm_not_allowed: { status: 401, oauthError: 'invalid_token' },
  embedded_key_header: { status: 401, oauthError: 'invalid_token' },
  unknown_key: { status: 401, oauthError: 'invalid_token' },
  bad_signature: { status: 401, oauthError: 'invalid_token' },
  wrong_issuer: { status: 401, oauthError: 'invalid_token' },
  wrong_tenant: { status: 401, oauthError: 'invalid_token' },
  tenant_not_allowed: { status: 401, oauthError: 'invalid_token' },
  wrong_audience: { status: 401, oauthError: 'invalid_token' },
  graph_token: { status: 401, oauthError: 'invalid_token' },
  id_token: { status: 401, oauthError: 'invalid_token' },
  v1_token: { status: 401, oauthError: 'invalid_token' },
  expired: { status: 401, oauthError: 'invalid_token' },
  // Proxy mode: the sign-in behind the token was revoked (sign-out, or a reused code or refresh token).
  revoked: { status: 401, oauthError: 'invalid_token' },
  not_yet_valid: { status: 401, oauthError: 'invalid_token' },
  missing_claim: { status: 401, oauthError: 'invalid_token' },
  // The token is fine; this client may not use it here. Signing in again would not help.
  client_app_not_allowed: { status: 403, oauthError: 'insufficient_scope' },
  missing_scope: { status: 403, oauthError: 'insufficient_scope' },
  app_only_not_allowed: { status: 403, oauthError: 'insufficient_scope' },
  missing_role: { status: 403, oauthError: 'insufficient_scope' },
  // Fail closed: we cannot check any token, so nobody gets in; the client may retry.
  keys_unavailable: { status: 503, oauthError: 'temporarily_unavailable' },
};

/** A refused request. `description` is safe to send to the client: it never contains the token. */
export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly status: number;
  readonly oauthError: OAuthErrorValue;
  readonly description: string;

  constructor(code: AuthErrorCode, description: string) {
    super(description);
    this.name = 'AuthError';
    this.code = code;
    this.status = STATUS[code].status;
    this.oauthError = STATUS[code].oauthError;
    this.description = description;
  }
}
