/**
 * The one description of the Entra app registrations (the API's and the MCP clients'): the
 * Pulumi program, `npm run register-app` and the local identity provider all read this
 * plain data; the values below appear nowhere else.
 */

/** Azure CLI's public client id (`@azure/identity` `DeveloperSignOnClientId`). */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** VS Code's Microsoft authentication provider client id (microsoft/vscode scopeData.ts). */
export const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
/** Microsoft Graph's appId. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Graph's delegated `User.Read` permission id. */
export const GRAPH_USER_READ_PERMISSION_ID = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';

/** The OIDC scopes Entra understands without a resource (https://learn.microsoft.com/entra/identity-platform/scopes-oidc). */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Redirect platforms as Graph names them: `publicClient` (mobile and desktop), `web`, `spa`. */
export type RedirectPlatform = 'publicClient' | 'web' | 'spa';

export interface RedirectUri {
  readonly uri: string;
  readonly platform: RedirectPlatform;
  /** Why this URI exists and why it sits on this platform. */
  readonly purpose: string;
}

export interface PreAuthorizedClient { readonly appId: string; readonly name: string }

export interface DelegatedScope {
  /** Goes into `scp` bare (e.g. `access_as_user`), and after the identifier URI in requests. */
  readonly value: string;
  /**
   * Fixed, so every tool that writes the registration agrees on it and a re-run keeps it.
   * Scope ids need only be unique within one application (https://learn.microsoft.com/graph/api/resources/permissionscope?view=graph-rest-1.0).
   */
  readonly id: string;
  readonly type: 'User' | 'Admin';
  readonly adminConsentDisplayName: string;
  readonly adminConsentDescription: string;
  readonly userConsentDisplayName: string;
  readonly userConsentDescription: string;
}

export interface AppRegistrationDescription {
  readonly displayName: string;
  /** Single tenant. Graph's default since April 2024; multi-tenant is an explicit choice. */
  readonly signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs';
  /**
   * 2, always: the resource decides the token version and null means v1
   * (`sts.windows.net` issuer, `api://` audience) whatever endpoint the client used
   * (https://learn.microsoft.com/graph/api/resources/apiapplication?view=graph-rest-1.0;
   * https://learn.microsoft.com/entra/identity-platform/access-tokens).
   */
  readonly requestedAccessTokenVersion: 2;
  readonly scope: DelegatedScope;
  readonly preAuthorizedClients: readonly PreAuthorizedClient[];
  readonly redirectUris: readonly RedirectUri[];
  /**
   * "Allow public client flows": device code with the app's own client id needs it, else
   * AADSTS7000218. Client credentials with a secret keep working.
   */
  readonly isFallbackPublicClient: boolean;
  readonly requiredResourceAccess: readonly {
    readonly resourceAppId: string;
    readonly resourceAccess: readonly { readonly id: string; readonly type: 'Scope' | 'Role' }[];
  }[];
  readonly clientSecret: { readonly displayName: string; readonly lifetimeDays: number };
  /** The tag that marks a registration as managed by a Pulumi stack (`entra-mcp:pulumi:<stack>`). */
  readonly pulumiManagedTagPrefix: string;
}

/** Where `npm run sign-in` listens for the authorization code. */
export const SIGN_IN_REDIRECT_URI = 'http://localhost:8090/callback';

/** Power Platform custom connectors (Copilot Studio, Power Automate) redirect here. */
export const POWER_PLATFORM_REDIRECT_URI = 'https://global.consent.azure-apim.net/redirect';

export const appRegistration: AppRegistrationDescription = {
  displayName: 'entra-mcp',
  signInAudience: 'AzureADMyOrg',
  requestedAccessTokenVersion: 2,
  scope: {
    value: 'access_as_user',
    id: '7d3f6a52-5c1e-4d8b-9f0a-2b6c4e8a1d35',
    type: 'User',
    adminConsentDisplayName: 'Use the MCP server as the signed-in user',
    adminConsentDescription: "Lets the app call the MCP server's tools on behalf of the signed-in user.",
    userConsentDisplayName: 'Use the MCP server as you',
    userConsentDescription: "Lets the app call the MCP server's tools on your behalf.",
  },
  preAuthorizedClients: [
    { appId: AZURE_CLI_CLIENT_ID, name: 'Azure CLI' },
    { appId: VSCODE_CLIENT_ID, name: 'Visual Studio Code' },
  ],
  // All on the public-client (mobile and desktop) platform on purpose: a redirect URI
  // registered under Web makes the token endpoint demand a client secret (AADSTS7000218),
  // and none of these clients can keep one. Device code needs no redirect URI at all;
  // it needs `isFallbackPublicClient` below.
  redirectUris: [
    { uri: SIGN_IN_REDIRECT_URI, platform: 'publicClient', purpose: 'npm run sign-in (Authorization Code + PKCE, loopback)' },
    { uri: 'http://127.0.0.1:33418', platform: 'publicClient', purpose: "VS Code signing in with this app's own client id (loopback)" },
    { uri: 'https://vscode.dev/redirect', platform: 'publicClient', purpose: "VS Code for the web signing in with this app's own client id" },
  ],
  isFallbackPublicClient: true,
  requiredResourceAccess: [
    {
      resourceAppId: MICROSOFT_GRAPH_APP_ID,
      resourceAccess: [{ id: GRAPH_USER_READ_PERMISSION_ID, type: 'Scope' }],
    },
  ],
  clientSecret: { displayName: 'entra-mcp', lifetimeDays: 180 },
  pulumiManagedTagPrefix: 'entra-mcp:pulumi:',
};

/**
 * The second registration, "entra-mcp clients": one PUBLIC client that configurable MCP
 * clients use as their client id. Another app than the API, it asks for the scope in its
 * normal form (no AADSTS90009); the API pre-authorizes it (no consent). Redirect URIs: the
 * known clients' public-client ones (known-mcp-clients.ts). No Web platform, no secret: a
 * secret in a vendor's cloud (claude.ai) would get anyone holding it consent-free tokens as
 * this pre-authorized app, so web-only clients use proxy mode.
 */
export interface ClientsRegistrationDescription {
  readonly displayName: string;
  readonly isFallbackPublicClient: true;
  /** The setting that carries its client id (.env, stack output). */
  readonly clientIdSetting: 'MCP_CLIENTS_CLIENT_ID';
}

export const mcpClientsRegistration: ClientsRegistrationDescription = {
  displayName: 'entra-mcp clients',
  isFallbackPublicClient: true,
  clientIdSetting: 'MCP_CLIENTS_CLIENT_ID',
};

/** `api://{clientId}`: the identifier URI form every tenant policy accepts (https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions). */
export function identifierUri(clientId: string): string {
  return `api://${clientId}`;
}

/**
 * The API's identifier URIs: `api://{clientId}` always, plus the server's resource
 * (`${MCP_PUBLIC_URL}/mcp`) when given: MCP clients send it as `resource`, and Entra v2
 * refuses one that is not an identifier URI of the scope's app (AADSTS9010010).
 */
export function identifierUris(clientId: string, mcpResource?: string): string[] {
  return mcpResource === undefined ? [identifierUri(clientId)] : [identifierUri(clientId), mcpResource];
}

/** The scope named under the MCP resource, `${resource}/access_as_user`: what a client sending `resource` asks for. */
export function resourceScope(mcpResource: string, description: AppRegistrationDescription = appRegistration): string {
  return `${mcpResource}/${description.scope.value}`;
}

/** The full scope a client asks for, e.g. `api://{clientId}/access_as_user`. */
export function fullScope(clientId: string, description: AppRegistrationDescription = appRegistration): string {
  return `${identifierUri(clientId)}/${description.scope.value}`;
}

/**
 * The scope form an app uses when it asks for a token for itself: Entra demands the GUID
 * form (`{clientId}/access_as_user`), else AADSTS90009 (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export function selfScope(clientId: string, description: AppRegistrationDescription = appRegistration): string {
  return `${clientId}/${description.scope.value}`;
}

/** Redirect URIs of one platform, in description order. */
export function redirectUrisFor(platform: RedirectPlatform, description: AppRegistrationDescription = appRegistration): string[] {
  return description.redirectUris.filter((r) => r.platform === platform).map((r) => r.uri);
}

/**
 * The platform the Power Platform redirect URIs go on: `web`. A custom connector is a
 * confidential client (it holds this app's client secret and redeems the code with it),
 * and a Web redirect URI is what makes the token endpoint accept that secret there; the
 * public-client URIs above stay secret-free.
 */
export const POWER_PLATFORM_REDIRECT_PLATFORM: RedirectPlatform = 'web';

/**
 * The marker a Pulumi stack writes on the registrations it manages, e.g.
 * `entra-mcp:pulumi:dev`. The Pulumi program carries it in the application's `notes`
 * (azuread's split `ApplicationRegistration` cannot set Graph `tags`) and in the service
 * principal's `tags`; Graph scripts check either to leave stack-owned registrations alone.
 */
export function pulumiManagedMarker(stack: string, description: AppRegistrationDescription = appRegistration): string {
  return `${description.pulumiManagedTagPrefix}${stack}`;
}

/**
 * The Pulumi config key whose change makes the stack replace the client secret
 * (create-before-delete). `rotate-secret` points users at it for a stack-managed registration
 * instead of rotating behind the stack's back; the Pulumi program reads the same key.
 */
export const PULUMI_SECRET_ROTATION_CONFIG_KEY = 'entra-mcp:secretRotation';

