import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet } from 'jose';
import { AuthError } from '../auth/auth-error.ts';
import type { Principal } from '../auth/principal.ts';
import { mcpResourceNames } from './mcp-resource-names.ts';
import type { ProxyStore } from './proxy-store.ts';

/** What the proxy's own access tokens are checked against. */
export interface ProxyTokenPolicy {
  readonly issuer: string;
  readonly mcpResource: string;
  /** The public half of the proxy's signing keys. */
  readonly jwks: JSONWebKeySet;
  readonly algorithms: readonly string[];
  readonly clockSkewSeconds: number;
  readonly store: ProxyStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof joseErrors.JWTExpired) return new AuthError('expired', 'token has expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new AuthError('wrong_audience', 'token is not for this MCP server');
    if (error.claim === 'iss') return new AuthError('wrong_issuer', 'token was not issued by this server');
    if (error.claim === 'nbf' || error.claim === 'iat') return new AuthError('not_yet_valid', 'token is not valid yet');
    return new AuthError('malformed_token', 'token claims are not valid');
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new AuthError('unknown_key', 'token was signed by a key this server does not hold');
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new AuthError('algorithm_not_allowed', 'token algorithm is not allowed');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new AuthError('bad_signature', 'token signature is invalid');
  return new AuthError('malformed_token', 'token is not a valid access token from this server');
}

function claim(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value === '') throw new AuthError('missing_claim', `token has no ${name} claim`);
  return value;
}

/**
 * Verifies an access token the proxy issued (RFC 9068 `at+jwt`, signed with the
 * proxy's own key, `aud` the MCP resource) and returns the Entra identity it carries as
 * the server's `Principal`. The grant behind it must still exist: reusing a code or a
 * refresh token revokes the grant, and with it every access token already issued.
 */
export function createProxyTokenVerifier(policy: ProxyTokenPolicy): (token: string) => Promise<Principal> {
  const keys = createLocalJWKSet(policy.jwks);
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: policy.issuer,
        audience: mcpResourceNames(policy.mcpResource),
        typ: 'at+jwt',
        algorithms: [...policy.algorithms],
        clockTolerance: policy.clockSkewSeconds,
        currentDate: new Date(policy.now()),
        requiredClaims: ['exp', 'iat', 'sub', 'client_id'],
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    const grantId = claim(payload, 'gid');
    if ((await policy.store.adapter('Grant').find(grantId)) === undefined) throw new AuthError('revoked', 'the sign-in behind this token was revoked: sign in again');
    const scp = typeof payload['scp'] === 'string' ? payload['scp'] : '';
    return {
      kind: 'delegated',
      oid: claim(payload, 'oid'),
      tid: claim(payload, 'tid'),
      sub: claim(payload, 'sub'),
      name: typeof payload['name'] === 'string' ? payload['name'] : undefined,
      preferredUsername: typeof payload['preferred_username'] === 'string' ? payload['preferred_username'] : undefined,
      clientAppId: claim(payload, 'azp'),
      scopes: scp.split(' ').filter((s) => s !== ''),
      roles: [],
      tokenVersion: '2.0',
      expiresAt: payload['exp'] as number,
    };
  };
}
