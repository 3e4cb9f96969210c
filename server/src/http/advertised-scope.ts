/**
 * Pure: the scope the server names in its metadata (`scopes_supported`) and challenges
 * (`scope`). By default the configured one, `api://{clientId}/access_as_user`. When the MCP
 * resource is an identifier URI of the app registration (`MCP_RESOURCE_IS_IDENTIFIER_URI`),
 * the same scope named under the resource, `${resource}/access_as_user`: a client that sends
 * `resource` (RFC 8707, as MCP requires) must ask for a scope of that same identifier URI,
 * or Entra answers AADSTS9010010 (Microsoft Learn, "Secure an MCP server with Microsoft
 * Entra ID"; https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions).
 * Tokens are the same either way (v2: `aud` is the client id), so `api://` keeps working.
 *
 * @example
 * ```ts
 * advertisedScope('api://c7d9…/access_as_user', 'https://mcp.contoso.com/mcp', true);
 * // 'https://mcp.contoso.com/mcp/access_as_user'
 * ```
 */
export function advertisedScope(fullScope: string, resource: string, resourceIsIdentifierUri: boolean): string {
  if (!resourceIsIdentifierUri) return fullScope;
  return `${resource}/${fullScope.slice(fullScope.lastIndexOf('/') + 1)}`;
}
