import { EntraError } from './entra-error.ts';
import type { LocalRedirectUri } from './local-clients.ts';

/**
 * Pure: Entra's rule on browser (CORS) code redemption. A code issued to a `spa` redirect
 * may only be redeemed cross-origin, with an `Origin` header, and any other code may not
 * be (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow). So a browser-based client that works
 * here only because the provider let its token call through would fail against Entra;
 * here it fails the same way. Messages as Entra words them (REPORTED:
 * MicrosoftDocs/azure-docs#100859, clocked0ne/passport-outlook#16). Throws EntraError.
 *
 * @param origin - the token request's `Origin` header, if any
 */
export function checkCrossOriginRedemption(grantType: string | undefined, redirect: LocalRedirectUri | undefined, origin: string | undefined): void {
  if (grantType !== 'authorization_code' || redirect === undefined) return;
  if (origin !== undefined && redirect.platform !== 'spa') {
    throw new EntraError('invalid_request', 9002326, `Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '${origin}'.`);
  }
  if (origin === undefined && redirect.platform === 'spa') {
    throw new EntraError('invalid_request', 9002327, "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.");
  }
}

/**
 * Pure, `/authorize`: Entra requires PKCE for a `spa` redirect (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow:
 * "required for single page apps"); the error is sent back to the redirect URI.
 * Message as Entra words it, answered to the authorization URL opened in a browser
 * (REPORTED: thobach/MMM-MicrosoftToDo#27, MicrosoftDocs/azure-docs#93166).
 */
export function checkSpaPkce(redirect: LocalRedirectUri, codeChallenge: string | undefined): void {
  if (redirect.platform === 'spa' && (codeChallenge === undefined || codeChallenge === '')) {
    throw new EntraError('invalid_request', 9002325, 'Proof Key for Code Exchange is required for cross-origin authorization code redemption.');
  }
}
