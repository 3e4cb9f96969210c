import { AuthError } from './auth-error.ts';

// RFC 6750 §2.1 b64token.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Pure: the bearer token of a request, from the `Authorization` header only. A token in
 * the query string is refused even beside a header: URLs end up in logs and histories
 * (RFC 6750 §2.3, §5.3). The scheme is case-insensitive (RFC 7235 §2.1).
 */
export function extractBearerToken(authorization: string | undefined, search: URLSearchParams): string {
  if (search.has('access_token')) {
    throw new AuthError('token_in_query', 'send the token in the Authorization header, not the query string');
  }
  if (authorization === undefined || authorization.trim() === '') {
    throw new AuthError('missing_token', 'a bearer token is required');
  }
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?: +(.*))?$/.exec(authorization.trim());
  if (match === null) throw new AuthError('malformed_authorization', 'the Authorization header is malformed');
  if (match[1]!.toLowerCase() !== 'bearer') {
    // Another scheme is no bearer credential at all: challenge without an error code.
    throw new AuthError('missing_token', 'a bearer token is required (Authorization: Bearer <token>)');
  }
  const token = match[2]?.trim();
  if (token === undefined || token === '' || !B64TOKEN.test(token)) {
    throw new AuthError('malformed_authorization', 'the Authorization header is malformed: expected Bearer <token>');
  }
  return token;
}
