/**
 * The default app-management policy on identifier URIs, as Entra enforces it on a new URI
 * (https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions): an
 * `api://` URI must carry the app id or the tenant id (or a verified domain as its host); an
 * `https://` URI must be on a verified domain of the tenant (or a subdomain of one). Anything
 * else is refused with 400 HostNameNotOnVerifiedDomain. A Container Apps default domain or
 * `localhost` is no tenant's verified domain.
 */
export function identifierUriAllowed(uri: string, ids: { appId: string; tenantId: string; verifiedDomains: readonly string[] }): boolean {
  const url = URL.canParse(uri) ? new URL(uri) : undefined;
  if (url === undefined) return false;
  const onVerified = ids.verifiedDomains.some((d) => url.hostname === d.toLowerCase() || url.hostname.endsWith(`.${d.toLowerCase()}`));
  if (url.protocol === 'api:') {
    const rest = uri.slice('api://'.length).toLowerCase();
    return rest.split('/').some((part) => part === ids.appId.toLowerCase() || part === ids.tenantId.toLowerCase()) || onVerified;
  }
  return url.protocol === 'https:' && onVerified;
}
