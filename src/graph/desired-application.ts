import type { PermissionScope, PreAuthorizedApplication, RequiredResourceAccess } from '@microsoft/microsoft-graph-types';
import { identifierUris, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { preAuthorizedClients } from '../registration/clients-shape.ts';
import { permissionScope, storedRedirectUri, storedRedirectUris, type PowerPlatformOption } from '../registration/graph-shape.ts';
import { proxyCallbackRedirectUri } from '../registration/proxy-mode-registration.ts';

export type { PowerPlatformOption };

/**
 * The registration as Microsoft Graph names it (`application` resource, v1.0), fully
 * determined by the description and the client id. Every field is set, including empty
 * redirect lists, because the description is the whole truth for these fields.
 */
export interface DesiredApplication {
  readonly displayName: string;
  readonly signInAudience: AppRegistrationDescription['signInAudience'];
  readonly identifierUris: string[];
  readonly api: {
    readonly requestedAccessTokenVersion: 2;
    readonly oauth2PermissionScopes: PermissionScope[];
    readonly preAuthorizedApplications: PreAuthorizedApplication[];
  };
  readonly publicClient: { readonly redirectUris: string[] };
  readonly web: { readonly redirectUris: string[] };
  readonly spa: { readonly redirectUris: string[] };
  readonly isFallbackPublicClient: boolean;
  readonly requiredResourceAccess: RequiredResourceAccess[];
}

/** Options beyond the description; the defaults give the plain registration. */
export interface DesiredApplicationOptions {
  /** The id of an existing `access_as_user` scope, kept; defaults to the description's fixed id. */
  readonly scopeId?: string;
  readonly powerPlatform?: PowerPlatformOption;
  /** `${MCP_PUBLIC_URL}/mcp`, to add as an identifier URI (the tenant policy must allow it). */
  readonly mcpResource?: string | undefined;
  /** The "entra-mcp clients" registration's client id, pre-authorized once it exists. */
  readonly clientsClientId?: string | undefined;
  /** Proxy mode (`MCP_AUTH_MODE=proxy`): the server's public URL, whose `/oauth/callback` joins the Web platform. */
  readonly proxyPublicUrl?: string | undefined;
}

/**
 * Pure: the application `register-app` converges to, exactly as Graph then holds it. The Pulumi program must produce the
 * same (a cross test compares them), so keep this a straight translation of the description.
 *
 * @param clientId - the application's `appId` (for the identifier URI).
 * @param options - `scopeId`: an existing `access_as_user` scope's id, kept so consents and
 *   pre-authorizations stay valid; `powerPlatform`: the connector option.
 * @example
 * ```ts
 * const desired = desiredApplication(appRegistration, '11111111-2222-3333-4444-555555555555');
 * desired.identifierUris; // ['api://11111111-2222-3333-4444-555555555555']
 * ```
 */
export function desiredApplication(description: AppRegistrationDescription, clientId: string, options: DesiredApplicationOptions = {}): DesiredApplication {
  const scopeId = options.scopeId ?? description.scope.id;
  const power = options.powerPlatform;
  return {
    displayName: description.displayName,
    signInAudience: description.signInAudience,
    identifierUris: identifierUris(clientId, options.mcpResource),
    api: {
      requestedAccessTokenVersion: description.requestedAccessTokenVersion,
      oauth2PermissionScopes: [permissionScope(description, scopeId)],
      // v1.0 names the list `delegatedPermissionIds` (beta: `permissionIds`).
      preAuthorizedApplications: preAuthorizedClients(description, options.clientsClientId).map((c) => ({ appId: c.appId, delegatedPermissionIds: [scopeId] })),
    },
    publicClient: { redirectUris: storedRedirectUris('publicClient', power, description) },
    web: { redirectUris: webRedirectUris(description, options) },
    spa: { redirectUris: storedRedirectUris('spa', power, description) },
    isFallbackPublicClient: description.isFallbackPublicClient,
    requiredResourceAccess: description.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId,
      resourceAccess: r.resourceAccess.map((a) => ({ id: a.id, type: a.type })),
    })),
  };
}

/** The Web platform's URIs: the description's, the connector's, and in proxy mode the server's callback (a confidential client's). */
function webRedirectUris(description: AppRegistrationDescription, options: DesiredApplicationOptions): string[] {
  const uris = storedRedirectUris('web', options.powerPlatform, description);
  if (options.proxyPublicUrl === undefined) return uris;
  return [...new Set([...uris, storedRedirectUri(proxyCallbackRedirectUri(options.proxyPublicUrl).uri)])];
}
