import { appRegistration, identifierUris, pulumiManagedMarker, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { preAuthorizedClients } from '../registration/clients-shape.ts';
import { permissionScope, storedRedirectUris, type PowerPlatformOption, type StoredPermissionScope } from '../registration/graph-shape.ts';

export { storedRedirectUri, type PowerPlatformOption } from '../registration/graph-shape.ts';

/** Inputs of `planAppRegistration`. */
export interface PlanAppRegistrationArgs {
  /** The stack that will own the registration; it names and marks it. */
  readonly stack: string;
  readonly powerPlatform?: PowerPlatformOption;
  /** Defaults to the one description of the registration. */
  readonly description?: AppRegistrationDescription;
  /** `https://{customDomain}/mcp` once the custom domain is bound: added as an identifier URI. */
  readonly mcpResource?: string | undefined;
}

/** A delegated scope in Graph's `permissionScope` shape. */
export type PlannedScope = StoredPermissionScope;

/**
 * The registration as it will exist in Entra once `pulumi up` has run, in Graph's field
 * names where Graph has one, so it can be compared with what `npm run register-app` sends.
 */
export interface AppRegistrationPlan {
  readonly displayName: string;
  readonly signInAudience: AppRegistrationDescription['signInAudience'];
  /** Graph: `api.requestedAccessTokenVersion`. */
  readonly requestedAccessTokenVersion: 2;
  /** Graph: `identifierUris`, once the client id is known. */
  readonly identifierUris: (clientId: string) => string[];
  /** Graph: `api.oauth2PermissionScopes[0]`. */
  readonly scope: PlannedScope;
  /** Graph v1.0: `api.preAuthorizedApplications`, without the "entra-mcp clients" app (its id is an output). */
  readonly preAuthorizedApplications: readonly { readonly appId: string; readonly delegatedPermissionIds: readonly string[] }[];
  /** The same list with the "entra-mcp clients" app, once its client id is known. */
  readonly preAuthorizedApplicationsWith: (clientsClientId: string) => { readonly appId: string; readonly delegatedPermissionIds: readonly string[] }[];
  /** Graph: `publicClient.redirectUris`, `web.redirectUris`, `spa.redirectUris`. */
  readonly publicClientRedirectUris: readonly string[];
  readonly webRedirectUris: readonly string[];
  readonly spaRedirectUris: readonly string[];
  readonly isFallbackPublicClient: boolean;
  readonly requiredResourceAccess: AppRegistrationDescription['requiredResourceAccess'];
  /** Graph: `notes`. Carries the stack marker, since the application's `tags` cannot be set here. */
  readonly notes: string;
  /** Graph: the application's `tags`: none (azuread's `ApplicationRegistration` has no tags). */
  readonly tags: readonly string[];
  /** Graph: the service principal's `tags`. */
  readonly servicePrincipalTags: readonly string[];
}

/**
 * Pure: what the registration will look like for one stack. The `EntraAppRegistration`
 * component turns this into azuread resources and does nothing else.
 *
 * @example
 * const plan = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: false } });
 * plan.identifierUris(clientId); // [identifierUri(clientId)], from the description
 */
export function planAppRegistration(args: PlanAppRegistrationArgs): AppRegistrationPlan {
  const description = args.description ?? appRegistration;
  const marker = pulumiManagedMarker(args.stack, description);
  return {
    // The stack in the display name tells two stacks' registrations apart in the portal;
    // it is a label only, the Pulumi logical names never change with it.
    displayName: `${description.displayName} (${args.stack})`,
    signInAudience: description.signInAudience,
    requestedAccessTokenVersion: description.requestedAccessTokenVersion,
    identifierUris: (clientId) => identifierUris(clientId, args.mcpResource),
    scope: permissionScope(description),
    preAuthorizedApplications: preAuthorizedClients(description).map((client) => ({ appId: client.appId, delegatedPermissionIds: [description.scope.id] })),
    preAuthorizedApplicationsWith: (clientsClientId) =>
      preAuthorizedClients(description, clientsClientId).map((client) => ({ appId: client.appId, delegatedPermissionIds: [description.scope.id] })),
    publicClientRedirectUris: storedRedirectUris('publicClient', args.powerPlatform, description),
    webRedirectUris: storedRedirectUris('web', args.powerPlatform, description),
    spaRedirectUris: storedRedirectUris('spa', args.powerPlatform, description),
    isFallbackPublicClient: description.isFallbackPublicClient,
    requiredResourceAccess: description.requiredResourceAccess,
    notes: marker,
    tags: [],
    // The first tag is the one the portal gives its own service principals, so this one is
    // listed under Enterprise applications like them.
    servicePrincipalTags: ['WindowsAzureActiveDirectoryIntegratedApp', marker],
  };
}
