/**
 * The placeholder Entra's multi-tenant (`organizations`, `common`) discovery documents and
 * JWKS keys carry in place of the tenant id; a verifier substitutes the token's `tid`.
 * https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer
 */
export const TENANT_ID_PLACEHOLDER = '{tenantid}';

/**
 * Entra's v2.0 issuer for a tenant (a GUID, a domain, or the multi-tenant placeholder):
 * `{authorityHost}/{tenant}/v2.0`. The discovery document is at
 * `{issuer}/.well-known/openid-configuration`.
 *
 * @example
 * ```ts
 * entraV2Issuer('https://login.microsoftonline.com/', 'contoso.onmicrosoft.com');
 * // 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0'
 * ```
 */
export function entraV2Issuer(authorityHost: string, tenant: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/${tenant}/v2.0`;
}

/** An issuer template with the token's tenant id put in place of `{tenantid}` (a no-op on a concrete issuer). */
export function issuerForTenant(issuerTemplate: string, tenantId: string): string {
  return issuerTemplate.replace(TENANT_ID_PLACEHOLDER, tenantId);
}
