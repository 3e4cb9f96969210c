/**
 * Errors in Entra's shape. Each carries the OAuth `error`, the AADSTS number and the
 * message Entra shows, so the token endpoint and the sign-in page answer the cases a
 * user meets the way login.microsoftonline.com does.
 */

/** The AADSTS numbers the local provider can answer (https://learn.microsoft.com/entra/identity-platform/reference-error-codes unless noted). */
export type AadstsCode =
  | 50011 // redirect URI not registered for the app
  | 50000 // an error on the sign-in service itself
  | 50027 // a JWT (client assertion) invalid or malformed
  | 50058 // no signed-in session (prompt=none)
  | 54005 // authorization code already redeemed
  | 65001 // no consent
  | 65004 // the user declined consent
  | 65005 // scope not exposed by the resource
  | 70003 // unsupported grant type
  | 70000 // generic invalid grant (also used for a declined device code: Entra documents no number for it)
  | 70008 // code or refresh token expired
  | 70011 // invalid scope value
  | 70016 // device flow: authorization pending
  | 70018 // device flow: unknown device code
  | 70019 // device flow: code expired
  | 70021 // no federated identity credential matches the client assertion
  | 90002 // tenant not found
  | 90009 // an app asking a token for itself must use the GUID form
  | 90014 // a required field is missing
  | 90055 // too many incoming requests (TenantThrottlingError)
  | 500011 // resource principal not found in the tenant
  | 501481 // code_verifier does not match code_challenge
  | 700016 // client not found in the tenant
  | 700024 // client assertion outside its validity window
  | 700027 // client assertion signature invalid
  | 700054 // response_type not enabled for the application
  | 700025 // public client presented credentials
  | 900144 // request body must contain a parameter
  | 900561 // endpoint only accepts POST
  | 901002 // `resource` not supported
  | 7000215 // invalid client secret
  | 7000218 // body must contain client_assertion or client_secret
  | 9002325 // PKCE missing on an SPA redirect (REPORTED, check-cross-origin.ts)
  | 9002326 // cross-origin code redemption for a non-SPA redirect (REPORTED, check-cross-origin.ts)
  | 9002327 // SPA code redeemed without an Origin header (REPORTED, check-cross-origin.ts)
  | 9010010; // `resource` does not match the requested scopes (REPORTED: https://github.com/TracecatHQ/tracecat/issues/2466)

/** An error to answer in Entra's shape. `status` is the HTTP status of a JSON answer. */
export class EntraError extends Error {
  readonly error: string;
  readonly code: AadstsCode;
  readonly status: number;

  /**
   * @param error - the OAuth error code (`invalid_request`, `invalid_client`, ...)
   * @param code - the AADSTS number
   * @param message - Entra's message, without the `AADSTSnnn: ` prefix
   * @param status - HTTP status; Entra answers 401 for `invalid_client`, else 400
   */
  constructor(error: string, code: AadstsCode, message: string, status = error === 'invalid_client' ? 401 : 400) {
    super(`AADSTS${code}: ${message}`);
    this.name = 'EntraError';
    this.error = error;
    this.code = code;
    this.status = status;
  }
}

/** Entra's JSON error body (https://learn.microsoft.com/entra/identity-platform/reference-error-codes, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow). */
export interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** Entra's timestamp format: `2016-01-09 02:02:12Z`. */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/**
 * Pure: the body Entra sends for `failure`. The description ends with the trace id,
 * correlation id and timestamp on their own `\r\n` lines, as Entra's does.
 */
export function entraErrorBody(failure: EntraError, ids: { traceId: string; correlationId: string; now: Date }): EntraErrorBody {
  const timestamp = entraTimestamp(ids.now);
  return {
    error: failure.error,
    error_description: `${failure.message}\r\nTrace ID: ${ids.traceId}\r\nCorrelation ID: ${ids.correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: ids.traceId,
    correlation_id: ids.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${failure.code}`,
  };
}
