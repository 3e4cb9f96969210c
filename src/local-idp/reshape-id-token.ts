import { decodeJwt, importJWK, SignJWT } from 'jose';
import type { JWK } from 'oidc-provider';
import { pairwiseSubject } from './access-token-claims.ts';

/**
 * Re-signs oidc-provider's ID tokens in Entra's form, claims otherwise untouched:
 * - header `typ: "JWT"`, `alg`, `kid` (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference: `typ` "Always set
 *   to JWT"); oidc-provider signs with `alg` and `kid` only and has no setting for `typ`;
 * - `sub` pairwise, different for each application (same reference), where oidc-provider
 *   puts the account id (the oid). Its own pairwise subjects are not usable here: they
 *   demand `private_key_jwt` from device code clients. The one thing this changes inside
 *   oidc-provider is `id_token_hint` at `/authorize`, which would no longer match the
 *   session; Entra's `/authorize` takes `login_hint` and `domain_hint`, not `id_token_hint`
 *   (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc), and logout reads only its `aud`.
 *
 * @param signingKey - the private JWK oidc-provider signs with (same `kid`)
 * @example
 * ```ts
 * const reshape = entraIdTokenReshaper(key.privateJwk);
 * const idToken = await reshape(fromOidcProvider); // header {typ:'JWT', alg:'RS256', kid}
 * ```
 */
export function entraIdTokenReshaper(signingKey: JWK): (idToken: string) => Promise<string> {
  const key = importJWK(signingKey as Parameters<typeof importJWK>[0], 'RS256');
  return async (idToken) => {
    const claims = decodeJwt(idToken);
    if (typeof claims.sub === 'string' && typeof claims.aud === 'string') claims.sub = pairwiseSubject(claims.sub, claims.aud);
    return new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: String(signingKey.kid) }).sign(await key);
  };
}
