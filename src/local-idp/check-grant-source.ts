import { createHash } from 'node:crypto';
import { EntraError } from './entra-error.ts';

/** What the token endpoint knows of a stored authorization code. */
export interface StoredAuthorizationCode {
  readonly clientId: string;
  readonly consumed: boolean;
  readonly expired: boolean;
  /** S256 challenge (plain ones were turned into S256 at `/authorize`). */
  readonly codeChallenge: string | undefined;
  /** The grant it belongs to: what a replay revokes. */
  readonly grantId?: string | undefined;
}

/**
 * Pure: the authorization code checks Entra answers with their own AADSTS numbers, which
 * oidc-provider reports alike as `invalid_grant` "grant request is invalid": a code
 * redeemed before (54005), a code past its ~10 minutes (70008), and a `code_verifier`
 * that does not match the challenge, or is missing (501481) (https://learn.microsoft.com/entra/identity-platform/reference-error-codes,
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow). Anything else (unknown code, another client's code) is
 * left to oidc-provider. Throws EntraError.
 */
export function checkAuthorizationCode(clientId: string | undefined, verifier: string | undefined, code: StoredAuthorizationCode | undefined): void {
  if (code === undefined || code.clientId !== clientId?.toLowerCase()) return;
  if (code.consumed) {
    throw new EntraError('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
  }
  if (code.expired) {
    throw new EntraError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
  }
  if (code.codeChallenge !== undefined && (verifier === undefined || createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge)) {
    throw new EntraError('invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
  }
}

/**
 * Pure: a refresh token past its lifetime is AADSTS70008 at Entra, as an expired code is
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes: "The provided authorization code or refresh token has
 * expired due to inactivity"); oidc-provider says only `invalid_grant`. Throws EntraError.
 */
export function checkRefreshToken(clientId: string | undefined, token: { readonly clientId: string; readonly expired: boolean } | undefined): void {
  if (token === undefined || token.clientId !== clientId?.toLowerCase() || !token.expired) return;
  throw new EntraError('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
}
