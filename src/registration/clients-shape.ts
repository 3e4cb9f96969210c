import { appRegistration, mcpClientsRegistration, type AppRegistrationDescription, type ClientsRegistrationDescription, type PreAuthorizedClient } from './app-registration.ts';
import { storedRedirectUri } from './graph-shape.ts';
import { findKnownClient, knownClientRedirectUrisFor, preAuthorizedFirstPartyClientIds } from './known-mcp-clients.ts';

/**
 * The "entra-mcp clients" registration and the API's pre-authorizations, in the shape
 * Microsoft Graph stores them, shared by `register-app` (src/graph), the Pulumi plan
 * (src/pulumi) and the local identity provider so all three write and know the same thing.
 */

/**
 * The clients the API pre-authorizes for its scope, each once, in this order: the
 * description's (Azure CLI, VS Code), the first-party ids of the known-clients table, then
 * the "entra-mcp clients" registration once its client id is known.
 *
 * @example
 * ```ts
 * preAuthorizedClients(appRegistration, '22222222-…').at(-1)?.name; // 'entra-mcp clients'
 * ```
 */
export function preAuthorizedClients(
  description: AppRegistrationDescription = appRegistration,
  clientsClientId?: string,
  clients: ClientsRegistrationDescription = mcpClientsRegistration,
): PreAuthorizedClient[] {
  const list: PreAuthorizedClient[] = [...description.preAuthorizedClients];
  for (const appId of preAuthorizedFirstPartyClientIds()) {
    if (list.some((c) => c.appId === appId)) continue;
    const known = findFirstParty(appId);
    list.push({ appId, name: known });
  }
  if (clientsClientId !== undefined && !list.some((c) => c.appId === clientsClientId)) list.push({ appId: clientsClientId, name: clients.displayName });
  return list;
}

function findFirstParty(appId: string): string {
  for (const id of ['vscode', 'github-copilot-cli'] as const) {
    const signIn = findKnownClient(id)?.signIn;
    if (signIn?.kind === 'first-party-preauthorized' && signIn.clientId === appId) return signIn.appName;
  }
  return appId;
}

/**
 * The public-client redirect URIs of the "entra-mcp clients" registration, as Entra stores
 * them: every known client that signs in with it (src/registration/known-mcp-clients.ts).
 *
 * @param mcpServerUrls - the MCP server URLs (`${MCP_PUBLIC_URL}/mcp`), for clients whose
 *   callback path depends on the server (Codex).
 */
export function clientsRedirectUris(mcpServerUrls: readonly string[] = []): string[] {
  return [...new Set(knownClientRedirectUrisFor('publicClient', { mcpServerUrls }).map((r) => storedRedirectUri(r.uri)))];
}

/** The "entra-mcp clients" application as Graph holds it once written. */
export interface DesiredClientsApplication {
  readonly displayName: string;
  readonly signInAudience: AppRegistrationDescription['signInAudience'];
  readonly publicClient: { readonly redirectUris: string[] };
  readonly web: { readonly redirectUris: string[] };
  readonly spa: { readonly redirectUris: string[] };
  readonly isFallbackPublicClient: true;
  /** The API's scope, declared (the portal's "API permissions"); the pre-authorization grants it. */
  readonly requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: 'Scope' }[] }[];
}

/**
 * Pure: the "entra-mcp clients" application for an API whose client id is `apiClientId`.
 *
 * @example
 * ```ts
 * desiredClientsApplication({ apiClientId, scopeId: appRegistration.scope.id }).isFallbackPublicClient; // true
 * ```
 */
export function desiredClientsApplication(args: {
  readonly apiClientId: string;
  readonly scopeId: string;
  readonly mcpServerUrls?: readonly string[];
  readonly description?: AppRegistrationDescription;
  readonly clients?: ClientsRegistrationDescription;
}): DesiredClientsApplication {
  const description = args.description ?? appRegistration;
  const clients = args.clients ?? mcpClientsRegistration;
  return {
    displayName: clients.displayName,
    signInAudience: description.signInAudience,
    publicClient: { redirectUris: clientsRedirectUris(args.mcpServerUrls) },
    web: { redirectUris: [] },
    spa: { redirectUris: [] },
    isFallbackPublicClient: clients.isFallbackPublicClient,
    requiredResourceAccess: [{ resourceAppId: args.apiClientId, resourceAccess: [{ id: args.scopeId, type: 'Scope' }] }],
  };
}
