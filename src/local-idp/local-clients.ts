import {
  appRegistration,
  AZURE_CLI_CLIENT_ID,
  mcpClientsRegistration,
  VSCODE_CLIENT_ID,
  type AppRegistrationDescription,
  type RedirectPlatform,
} from '../registration/app-registration.ts';
import { clientsRedirectUris, preAuthorizedClients } from '../registration/clients-shape.ts';

/** A redirect URI a client has registered, with the platform Entra files it under. */
export interface LocalRedirectUri {
  readonly uri: string;
  readonly platform: RedirectPlatform;
}

/** One application the local tenant knows, as the token endpoint sees it. */
export interface LocalClient {
  readonly clientId: string;
  readonly name: string;
  readonly redirectUris: readonly LocalRedirectUri[];
  /** Listed in the API's `preAuthorizedApplications`: Entra asks no consent for the API's scope. */
  readonly preAuthorized: boolean;
  /** The app registration itself (so a token it asks for is a token for itself: AADSTS90009 rules). */
  readonly isApi: boolean;
  /** "Allow public client flows" (`isFallbackPublicClient`): device code without a secret. */
  readonly allowPublicClientFlows: boolean;
}

/**
 * Redirect URIs of Microsoft's own first-party apps. They are not part of our registration
 * (Microsoft owns those apps), so they live here: Azure CLI signs in on a `localhost`
 * loopback, VS Code on `127.0.0.1`/`localhost` loopbacks or `https://vscode.dev/redirect`.
 */
const FIRST_PARTY_REDIRECTS: Readonly<Record<string, readonly string[]>> = {
  [AZURE_CLI_CLIENT_ID]: ['http://localhost', 'https://login.microsoftonline.com/common/oauth2/nativeclient'],
  [VSCODE_CLIENT_ID]: ['https://vscode.dev/redirect', 'http://127.0.0.1/', 'http://localhost/'],
};

/**
 * Pure: the applications the local tenant knows, all read from the one description of the
 * app registration: the API app itself (with its redirect URIs and platforms) and every
 * pre-authorized client (Azure CLI, VS Code).
 *
 * @param apiClientId - the app registration's client id in the local tenant
 * @param extraRedirectUris - a test or demo delta, e.g. a `web` redirect to show AADSTS7000218
 * @param clients - the "entra-mcp clients" registration: its client id, and the MCP server
 *   URLs its redirect URIs depend on (Codex); left out when undefined.
 */
export function localClients(
  apiClientId: string,
  description: AppRegistrationDescription = appRegistration,
  extraRedirectUris: readonly LocalRedirectUri[] = [],
  clients?: { readonly clientId: string; readonly mcpServerUrls?: readonly string[] },
): LocalClient[] {
  const api: LocalClient = {
    clientId: apiClientId,
    name: description.displayName,
    redirectUris: [...description.redirectUris.map(({ uri, platform }) => ({ uri, platform })), ...extraRedirectUris],
    preAuthorized: false,
    isApi: true,
    allowPublicClientFlows: description.isFallbackPublicClient,
  };
  const preAuthorized = preAuthorizedClients(description).map(
    (c): LocalClient => ({
      clientId: c.appId,
      name: c.name,
      redirectUris: (FIRST_PARTY_REDIRECTS[c.appId] ?? []).map((uri) => ({ uri, platform: 'publicClient' })),
      preAuthorized: true,
      isApi: false,
      allowPublicClientFlows: true,
    }),
  );
  if (clients === undefined) return [api, ...preAuthorized];
  // The public "entra-mcp clients" app: pre-authorized by the API, the known clients' redirect URIs.
  const mcpClients: LocalClient = {
    clientId: clients.clientId,
    name: mcpClientsRegistration.displayName,
    redirectUris: clientsRedirectUris(clients.mcpServerUrls).map((uri) => ({ uri, platform: 'publicClient' })),
    preAuthorized: true,
    isApi: false,
    allowPublicClientFlows: mcpClientsRegistration.isFallbackPublicClient,
  };
  return [api, ...preAuthorized, mcpClients];
}
