import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { FederatedCredentialDescription } from '../registration/proxy-mode-registration.ts';
import { EntraError } from './entra-error.ts';

/** RFC 7523 §2.2: the only `client_assertion_type` Entra takes. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** What a client assertion is checked against. */
export interface AssertionCheck {
  /** The federated credentials of the app the request names (none for other clients). */
  readonly credentials: readonly FederatedCredentialDescription[];
  /** The signing keys of an issuer the tenant can verify; undefined for one it cannot reach. */
  readonly keysOf: (issuer: string) => JSONWebKeySet | undefined;
  readonly now: Date;
}

const iso = (seconds: unknown): string => (typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'unknown');

/**
 * Checks a client assertion the way Entra checks one against an app's federated identity
 * credentials (https://learn.microsoft.com/entra/workload-id/workload-identity-federation):
 * a credential must match the assertion's issuer, subject and audience exactly, else
 * AADSTS70021, answered as `invalid_request` (as Entra answers it:
 * https://github.com/Azure/azure-workload-identity/blob/main/docs/book/src/troubleshooting.md);
 * then the signature under the issuer's keys (AADSTS700027,
 * https://github.com/AzureAD/passport-azure-ad/issues/453) and the validity window
 * (AADSTS700024, https://github.com/AzureAD/microsoft-authentication-library-for-dotnet/issues/4951).
 * Codes from https://learn.microsoft.com/entra/identity-platform/reference-error-codes.
 */
export async function verifyClientAssertion(type: string | undefined, assertion: string | undefined, check: AssertionCheck): Promise<void> {
  if (type !== JWT_BEARER_ASSERTION || assertion === undefined || assertion === '') {
    throw new EntraError('invalid_request', 900144, `The request body must contain the following parameter: 'client_assertion' with 'client_assertion_type' ${JWT_BEARER_ASSERTION}.`);
  }
  let claims;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw new EntraError('invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const audiences: string[] = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const matched = check.credentials.find((c) => c.issuer === claims.iss && c.subject === claims.sub && audiences.some((a) => c.audiences.includes(a)));
  if (matched === undefined) {
    throw new EntraError(
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${claims.iss ?? ''}'. Assertion Subject: '${claims.sub ?? ''}'. Assertion Audience: '${audiences.join(',')}'.`,
      400,
    );
  }
  const keys = check.keysOf(matched.issuer);
  const invalidSignature = (reason: string): EntraError => new EntraError('invalid_client', 700027, `Client assertion contains an invalid signature. [Reason - ${reason}]`);
  if (keys === undefined) throw invalidSignature(`The keys of issuer '${matched.issuer}' could not be read.`);
  try {
    // No clock tolerance: Entra refuses an assertion past its `exp`.
    await jwtVerify(assertion, createLocalJWKSet(keys), { currentDate: check.now, algorithms: ['RS256', 'PS256', 'ES256'] });
  } catch (error) {
    if (error instanceof errors.JWTExpired || (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')) {
      throw new EntraError(
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range. Current time: ${check.now.toISOString()}, assertion valid from ${iso(claims.nbf ?? claims.iat)}, expiry time of assertion ${iso(claims.exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials`,
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey) throw invalidSignature('The key was not found.');
    if (error instanceof errors.JWSSignatureVerificationFailed) throw invalidSignature('Key was found, but use of the key to verify the signature failed.');
    throw new EntraError('invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
}
