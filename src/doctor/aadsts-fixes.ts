/** What a probe asked, for the fix text. */
export interface ProbeContext {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly resource: string | undefined;
  readonly scope: string;
}

/**
 * Pure: the exact fix for an error Entra answers at the authorize endpoint before the sign-in
 * page (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export function fixForAadsts(code: string, p: ProbeContext): string {
  switch (code) {
    case 'AADSTS9010010':
      return `add "${p.resource ?? ''}" to the API registration's identifier URIs and name the scope under it ("${p.resource ?? ''}/…"): the resource the client sends must be an identifier URI of the app whose scope it asks for`;
    case 'AADSTS900144':
      return 'the request lacks a parameter Entra requires (client_id, response_type, scope or redirect_uri): configure the client with the settings npm run connect prints';
    case 'AADSTS65005':
      return `the API does not expose the scope in "${p.scope}": check scopes_supported against Expose an API`;
    case 'AADSTS50011':
      return `add ${p.redirectUri} (the port does not matter for loopback) to the registration ${p.clientId} under Authentication → "Mobile and desktop applications", or run npm run register-app`;
    case 'AADSTS700016':
      return `no application ${p.clientId} in this tenant: check MCP_CLIENTS_CLIENT_ID and AZURE_TENANT_ID (npm run register-app creates the "entra-mcp clients" registration)`;
    case 'AADSTS500011':
      return `the resource in "${p.scope}" has no service principal in this tenant, or names another app: create it (az ad sp create --id <AZURE_CLIENT_ID>) and check the scope prefix`;
    case 'AADSTS90009':
      return 'the client is the API registration itself: give clients the "entra-mcp clients" registration (MCP_CLIENTS_CLIENT_ID) instead of AZURE_CLIENT_ID';
    case 'AADSTS65001':
      return 'pre-authorize the client for the API scope (Expose an API → Add a client application), or grant admin consent';
    case 'AADSTS50194':
      return 'the registration is single-tenant: use the tenant GUID as AZURE_TENANT_ID, or make the registration multi-tenant';
    default:
      return `see https://login.microsoftonline.com/error?code=${code.replace(/^AADSTS/, '')}`;
  }
}
