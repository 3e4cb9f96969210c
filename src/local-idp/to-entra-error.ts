import { EntraError } from './entra-error.ts';

/**
 * Pure: the Entra error for an error oidc-provider raised (after the front layer's own
 * checks, so only grant-level failures are left). Branches on the OAuth `error` code; the
 * description is consulted only for the consent refusal the interaction pages set.
 * `grantType` tells a device code poll apart.
 */
export function toEntraError(error: string, description: string | undefined, grantType?: string): EntraError {
  if (error === 'invalid_grant' && grantType === 'urn:ietf:params:oauth:grant-type:device_code') {
    // A device code the server does not know (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code: bad_verification_code).
    return new EntraError('bad_verification_code', 70018, "The provided value for the input parameter 'device_code' is not valid.");
  }
  switch (error) {
    case 'authorization_pending':
      return new EntraError('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
    case 'expired_token':
      return new EntraError('expired_token', 70019, 'Verification code expired. Have the user retry the sign-in.');
    case 'access_denied':
      if (description?.startsWith('AADSTS65004') === true) return new EntraError('access_denied', 65004, 'User declined to consent to access the app.');
      // A device code the user cancelled. Entra answers `authorization_declined`
      // (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code) and documents no AADSTS number for it.
      return new EntraError('authorization_declined', 70000, 'The end user denied the authorization request.');
    case 'invalid_grant':
      // oidc-provider says "grant request is invalid" for every kind; the front layer has
      // already answered the kinds Entra numbers (54005, 70008, 501481: check-grant-source.ts).
      return new EntraError('invalid_grant', 70000, 'The request was denied because one or more grants are expired or invalid.');
    case 'unsupported_grant_type':
      return new EntraError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    case 'invalid_scope':
      return new EntraError('invalid_scope', 70011, "The provided value for the input parameter 'scope' is not valid.");
    case 'invalid_target':
      return new EntraError('invalid_target', 9010010, "The resource parameter provided in the request doesn't match with the requested scopes.");
    case 'consent_required':
    case 'interaction_required':
      return new EntraError(error, 65001, 'The user or administrator has not consented to use the application.');
    case 'login_required':
      return new EntraError('login_required', 50058, 'A silent sign-in request was sent but no user is signed in.');
    case 'invalid_request':
    case 'invalid_client':
    case 'unauthorized_client':
      return new EntraError(error, 90014, 'A required field for a protocol message was missing or malformed.');
    case 'server_error':
      return new EntraError('server_error', 50000, 'There was an error issuing a token or an issue with our sign-in service.', 500);
    default:
      // Any other OAuth error oidc-provider names is the client's mistake (a response mode
      // or request object it does not take, ...): a 400 keeping its code, not a 500.
      return new EntraError(error, 90014, 'A required field for a protocol message was missing or malformed.');
  }
}
