import { createHash, randomBytes } from 'node:crypto';
import type { DevUser } from './dev-directory.ts';

/** Everything an Entra v2 delegated access token says, before signing. */
export interface AccessTokenInput {
  readonly issuer: string;
  readonly tenantId: string;
  /** The API's client id (GUID): v2 `aud` is always it (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). */
  readonly audience: string;
  /** The client that asked (`azp`). */
  readonly clientId: string;
  /** 0 public client, 1 client secret, 2 client assertion (`azpacr`). */
  readonly azpacr: 0 | 1 | 2;
  readonly user: DevUser;
  /** The bare scope values granted, e.g. `['access_as_user']`. */
  readonly scopes: readonly string[];
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

function opaque(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Pure: Entra's pairwise `sub`: the same user has a different one for each application
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference, https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference); here a hash of
 * the object id and the application's client id, 43 characters as Entra's are.
 */
export function pairwiseSubject(oid: string, appId: string): string {
  return createHash('sha256').update(`${oid}:${appId}`).digest('base64url').slice(0, 43);
}

/**
 * Pure apart from the opaque random values: the claims of an Entra v2 user access token,
 * in the order of the decoded doc sample (`aud, iss, iat, nbf, exp, aio, azp, azpacr,
 * name, oid, preferred_username, rh, scp, sub, tid, uti, ver`; https://learn.microsoft.com/entra/identity-platform/access-tokens) and
 * nothing else: no `jti`, `client_id`, `scope` or `idtyp`.
 *
 * `sub` is pairwise as Entra's is: the same user gets a different `sub` per application,
 * here a hash of the object id and the API's client id.
 */
export function entraAccessTokenClaims(input: AccessTokenInput): Record<string, unknown> {
  const sub = pairwiseSubject(input.user.oid, input.audience);
  return {
    aud: input.audience,
    iss: input.issuer,
    iat: input.issuedAt,
    nbf: input.issuedAt,
    exp: input.expiresAt,
    aio: opaque(48),
    azp: input.clientId,
    azpacr: String(input.azpacr),
    name: input.user.name,
    oid: input.user.oid,
    preferred_username: input.user.preferredUsername,
    rh: `0.${opaque(36)}.`,
    scp: input.scopes.join(' '),
    sub,
    tid: input.tenantId,
    uti: opaque(16),
    ver: '2.0',
  };
}
