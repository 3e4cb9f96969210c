import type { AccessTokenPolicy } from './access-token-policy.ts';
import { authorizePrincipal } from './authorize-principal.ts';
import type { Principal } from './principal.ts';
import { VerifiedTokenCache } from './verified-token-cache.ts';
import { type KeySources, verifyAccessToken } from './verify-access-token.ts';

/** Verifies (or finds already verified) and authorizes one token; throws `AuthError`. */
export type Authenticate = (token: string) => Promise<Principal>;

export function createAuthenticator(policy: AccessTokenPolicy, keys: KeySources, now: () => number = Date.now, cacheSize = 10_000): Authenticate {
  const cache = new VerifiedTokenCache(cacheSize, policy.clockSkewSeconds);
  return async (token) => {
    const nowSeconds = Math.floor(now() / 1000);
    let verified = cache.get(token, nowSeconds);
    if (verified === undefined) {
      verified = await verifyAccessToken(token, policy, keys, nowSeconds);
      cache.set(token, verified);
    }
    authorizePrincipal(verified.principal, policy);
    return verified.principal;
  };
}
