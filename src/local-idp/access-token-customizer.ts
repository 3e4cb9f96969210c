import type { AccessToken, ClientCredentials, JWTStructured, KoaContextWithOIDC } from 'oidc-provider';
import { entraAccessTokenClaims } from './access-token-claims.ts';
import { findDevUser, type DevUser } from './dev-directory.ts';
import { OIDC_SCOPE_SET, type ApiResource } from './entra-scopes.ts';
import { clientAuthenticationOf } from './request-context.ts';

/** Pure: bare scope values for `scp`: `api://{id}/access_as_user` and `{id}/.default` both give `access_as_user`. */
export function scpValues(scopes: Iterable<string>, api: ApiResource): string[] {
  const out = new Set<string>();
  for (const s of scopes) {
    if (OIDC_SCOPE_SET.has(s)) continue;
    const value = s.slice(s.lastIndexOf('/') + 1);
    out.add(value === '.default' ? api.scopeValue : value);
  }
  return [...out];
}

/**
 * oidc-provider's `formats.customizers.jwt`: reshapes its RFC 9068 access token (header
 * `typ: at+jwt`; `jti`, `client_id`, `scope` claims) into an Entra v2 one: header
 * `typ: JWT` and exactly the claims {@link entraAccessTokenClaims} lists. oidc-provider
 * expects the parts changed in place.
 */
export function entraAccessTokenCustomizer(setup: { tenantId: string; api: ApiResource; users: readonly DevUser[] }) {
  return (ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials, parts: JWTStructured): void => {
    // Only user tokens exist here (no client credentials grant is enabled).
    const accountId = 'accountId' in token ? token.accountId : '';
    const user = findDevUser(accountId, setup.users);
    if (user === undefined) throw new Error('access token without a local user');
    const claims = entraAccessTokenClaims({
      issuer: String(parts.payload.iss),
      tenantId: setup.tenantId,
      audience: setup.api.clientId,
      clientId: token.clientId ?? '',
      azpacr: clientAuthenticationOf(ctx.req),
      user,
      scopes: scpValues(token.scopes, setup.api),
      issuedAt: Number(parts.payload.iat),
      expiresAt: Number(parts.payload.exp),
    });
    for (const key of Object.keys(parts.payload)) delete parts.payload[key];
    Object.assign(parts.payload, claims);
    parts.header = { typ: 'JWT' };
  };
}
