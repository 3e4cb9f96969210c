import { decodeJwt } from 'jose';

/**
 * Pure: what an access token says about itself, for the report only: its JWT claims where it
 * is a JWT (Entra's are), else nothing. An access token is opaque to the client (RFC 6749
 * §1.4, https://www.rfc-editor.org/rfc/rfc6749#section-1.4), so one that is not a JWT is no
 * reason to fail a sign-in that the server will accept.
 */
export function accessTokenClaims(accessToken: string): Record<string, unknown> {
  try {
    return decodeJwt(accessToken) as Record<string, unknown>;
  } catch {
    return {};
  }
}
