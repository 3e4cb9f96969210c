import { compactVerify } from 'jose';
import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError } from './auth-error.ts';
import { checkClaims } from './check-claims.ts';
import { parseCompactJwt } from './parse-compact-jwt.ts';
import { issuerForTenant } from '../entra/index.ts';
import type { Principal } from './principal.ts';
import type { SigningKey } from './import-jwk.ts';
import { KEYS_UNAVAILABLE, UNKNOWN_KEY } from './signing-key-store.ts';

/** Where keys come from: one source per token version (v1 and v2 have their own metadata). */
export interface KeySources {
  readonly v2: KeyLookup;
  readonly v1: KeyLookup | undefined;
}

export interface KeyLookup {
  /** The key for `kid`, refetching the JWKS (at most once per cooldown) when it is unknown. */
  getKey(kid: string): Promise<SigningKey>;
  /** The key held now for `kid`, never fetching; the same object while its material is unchanged. */
  peekKey(kid: string): SigningKey | undefined;
  /** The issuer the discovery document names (for v1: `https://sts.windows.net/{tenantid}/`). */
  readonly issuer: string | undefined;
  /** Whether keys have loaded at least once: until then no token can be judged. */
  readonly ready: boolean;
}

export interface VerifiedToken {
  readonly principal: Principal;
  readonly kid: string;
  /** The key that verified the token: a cached token stays valid only while it is still published. */
  readonly key: SigningKey;
  readonly keys: KeyLookup;
}

// Headers that carry or point at a key. Honouring one lets the sender choose the key.
const KEY_CARRYING_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];

function safeName(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9+-]{1,16}$/.test(value) ? value : 'this';
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((s) => s !== '');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Verifies an Entra access token for this API: header, claims, then the signature with a
 * key from the issuer's JWKS. Returns the caller, or throws `AuthError` with a stable code
 * and a reason safe to show. Authorization (scope, role, client app) is `authorizePrincipal`.
 */
export async function verifyAccessToken(token: string, policy: AccessTokenPolicy, keys: KeySources, nowSeconds: number): Promise<VerifiedToken> {
  const { header, payload } = parseCompactJwt(token);
  const alg = header['alg'];
  if (typeof alg !== 'string' || !policy.algorithms.includes(alg)) {
    throw new AuthError('algorithm_not_allowed', `algorithm ${safeName(alg)} is not allowed (expected ${policy.algorithms.join(', ')})`);
  }
  if (KEY_CARRYING_HEADERS.some((h) => h in header)) {
    throw new AuthError('embedded_key_header', 'token headers that carry or point at keys (jku, x5u, jwk, x5c) are not accepted');
  }
  // No extension is understood here, so any `crit` must be refused (RFC 7515 §4.1.11).
  if ('crit' in header) throw new AuthError('malformed_token', 'token has critical header extensions this API does not support');
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid === '') throw new AuthError('malformed_token', 'token header has no key id (kid)');

  const claims = checkClaims(payload, policy, nowSeconds);
  const source = claims.version === '2.0' ? keys.v2 : keys.v1;
  if (source === undefined) throw new AuthError('v1_token', 'v1 tokens are not accepted');
  // A token that does not belong to this API must not cost a JWKS fetch, and its answer must
  // not depend on why until the signature proves someone here issued it.
  const key = claims.notForThisApi === undefined ? await source.getKey(kid) : source.peekKey(kid);
  if (key === undefined) {
    // Until keys have loaded nothing can be verified, whatever the token: say so (503), not
    // "key not found", which sends people chasing their token instead of the authority.
    if (!source.ready) throw new AuthError('keys_unavailable', KEYS_UNAVAILABLE);
    throw new AuthError('unknown_key', UNKNOWN_KEY);
  }
  try {
    await compactVerify(token, key.key, { algorithms: [...policy.algorithms] });
  } catch {
    throw new AuthError('bad_signature', 'token signature is invalid');
  }
  if (claims.notForThisApi !== undefined) throw claims.notForThisApi;
  if (claims.version === '1.0') {
    const expected = source.issuer === undefined ? undefined : issuerForTenant(source.issuer, claims.tid);
    if (claims.iss !== expected) throw new AuthError('wrong_issuer', `issuer is not ${expected ?? 'the v1 issuer'}`);
  } else if (key.issuer !== undefined && issuerForTenant(key.issuer, claims.tid) !== claims.iss) {
    // Entra tags each key with the issuer it signs for; MSA keys must not vouch for a tenant.
    throw new AuthError('wrong_issuer', 'token was signed by a key that does not belong to its issuer');
  }

  const scopes = stringList(payload['scp']);
  // App-only tokens carry no `scp`, and their subject is the client itself: `idtyp` says so
  // when present, and `sub` equals `oid` (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference). A token with
  // neither `scp` nor these marks is a user token without the scope: refused as such.
  const appOnly = !('scp' in payload) && (payload['idtyp'] === 'app' || payload['sub'] === payload['oid']);
  const principal: Principal = {
    kind: appOnly ? 'app' : 'delegated',
    oid: payload['oid'] as string,
    tid: claims.tid,
    sub: payload['sub'] as string,
    name: typeof payload['name'] === 'string' ? payload['name'] : undefined,
    preferredUsername: typeof payload['preferred_username'] === 'string' ? payload['preferred_username'] : undefined,
    clientAppId: typeof payload['azp'] === 'string' ? payload['azp'] : typeof payload['appid'] === 'string' ? payload['appid'] : undefined,
    scopes,
    roles: stringList(payload['roles']),
    tokenVersion: claims.version,
    expiresAt: claims.exp,
  };
  return { principal, kid, key, keys: source };
}
