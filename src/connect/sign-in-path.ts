import type { KnownMcpClient } from '../registration/known-mcp-clients.ts';
import type { ConnectInput, SignInPath } from './client-setup.ts';

/** Stands in for the clients registration's id in output when MCP_CLIENTS_CLIENT_ID is not set. */
export const CLIENT_ID_PLACEHOLDER = '<MCP_CLIENTS_CLIENT_ID>';

/**
 * Pure: whether `client` can sign in to this stack straight through Entra, only through
 * proxy mode, or not yet (and why): a client that only registers itself needs proxy mode; a
 * connector run from its vendor's cloud cannot reach the local stack; a client that needs the
 * "entra-mcp clients" registration waits for its id.
 */
export function signInPathFor(client: KnownMcpClient, input: Pick<ConnectInput, 'stack' | 'clientsClientId'>): { path: SignInPath; why?: string } {
  if (client.signIn.kind === 'proxy-only') return { path: 'proxy', why: client.signIn.why };
  if (client.needsPublicServer && input.stack === 'local') {
    return { path: 'not-yet', why: "it calls the server from its vendor's cloud, which cannot reach the local stack: deploy the server (pulumi up) first" };
  }
  if (client.signIn.kind === 'entra-mcp-clients-registration' && input.clientsClientId === undefined) {
    return { path: 'not-yet', why: 'MCP_CLIENTS_CLIENT_ID is not set: run `npm run register-app` (or `pulumi up`) and put the "entra-mcp clients" client id in .env' };
  }
  return { path: 'direct' };
}

/** The id a client is given: the clients registration's, or the placeholder. */
export function clientIdOf(input: Pick<ConnectInput, 'clientsClientId'>): string {
  return input.clientsClientId ?? CLIENT_ID_PLACEHOLDER;
}

/**
 * Pure: the scope clients ask for. When the protected resource metadata names a scope under
 * the MCP URL (the MCP URL is an identifier URI) that one, else `api://{clientId}/{value}`
 * (https://learn.microsoft.com/entra/identity-platform/scopes-oidc).
 */
export function scopeForClients(scopesSupported: readonly string[] | undefined, mcpUrl: string, apiClientId: string | undefined, scopeValue: string): string {
  const underResource = `${mcpUrl}/${scopeValue}`;
  if (scopesSupported?.includes(underResource) === true) return underResource;
  const named = scopesSupported?.find((s) => s.endsWith(`/${scopeValue}`));
  if (named !== undefined) return named;
  return `api://${apiClientId ?? '<AZURE_CLIENT_ID>'}/${scopeValue}`;
}
