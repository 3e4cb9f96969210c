import * as oc from 'openid-client';
import { ClientError, HttpError, OAuthError } from './client-errors.ts';

function ownError(error: unknown): ClientError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof ClientError) return e;
  }
  return undefined;
}

/**
 * The clients' error for whatever openid-client threw while doing `request` (`METHOD url`):
 * our own network and timeout errors (thrown by the custom fetch, wrapped by openid-client)
 * come back as they were; OAuth error answers become OAuthError with Entra's AADSTS number;
 * an unexpected status becomes HttpError; anything else a `protocol` error that keeps
 * openid-client's reason, so the real cause is shown.
 */
export function fromOpenIdClientError(error: unknown, request: string): ClientError {
  const own = ownError(error);
  if (own !== undefined) return own;
  if (error instanceof oc.ResponseBodyError) {
    const body = error.cause as { error_codes?: unknown };
    const codes = Array.isArray(body.error_codes) ? (body.error_codes as number[]) : undefined;
    return new OAuthError({ error: error.error, error_description: error.error_description ?? '', ...(codes === undefined ? {} : { error_codes: codes }) }, error.status, request);
  }
  if (error instanceof oc.AuthorizationResponseError) {
    return new OAuthError({ error: error.error, error_description: error.error_description ?? '' }, 302, request);
  }
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && cause instanceof Response) {
    return new HttpError(cause.status, `${request} answered ${cause.status}`, request);
  }
  if (code === 'OAUTH_TIMEOUT') return new ClientError('timeout', `${request} got no answer in time`, request, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new ClientError('protocol', `${request} failed: ${message}${detail}`, request, { cause: error });
}
