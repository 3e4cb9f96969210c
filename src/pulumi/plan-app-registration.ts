import {
  POWER_PLATFORM_REDIRECT_PLATFORM,
  POWER_PLATFORM_REDIRECT_URI,
  appRegistration,
  identifierUri,
  pulumiManagedMarker,
  redirectUrisFor,
  type AppRegistrationDescription,
  type RedirectPlatform,
} from '../registration/app-registration.ts';

/** The Power Platform custom connector setting (Copilot Studio, Power Automate). */
export interface PowerPlatformOption {
  readonly enabled: boolean;
  /** The connector-specific redirect URI shown on the connector's Security tab. */
  readonly connectorRedirectUri?: string | undefined;
}

/** Inputs of `planAppRegistration`. */
export interface PlanAppRegistrationArgs {
  /** The stack that will own the registration; it names and marks it. */
  readonly stack: string;
  readonly powerPlatform?: PowerPlatformOption;
  /** Defaults to the one description of the registration. */
  readonly description?: AppRegistrationDescription;
}

/** A delegated scope in Graph's `permissionScope` shape. */
export interface PlannedScope {
  readonly id: string;
  readonly value: string;
  readonly type: 'User' | 'Admin';
  readonly isEnabled: true;
  readonly adminConsentDisplayName: string;
  readonly adminConsentDescription: string;
  readonly userConsentDisplayName: string;
  readonly userConsentDescription: string;
}

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
  /** Graph v1.0: `api.preAuthorizedApplications`. */
  readonly preAuthorizedApplications: readonly { readonly appId: string; readonly delegatedPermissionIds: readonly string[] }[];
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
 * A redirect URI as Entra stores it: an unpathed URI gets a trailing slash
 * (`http://127.0.0.1:33418` becomes `http://127.0.0.1:33418/`, ED:reply-url.md). The azuread
 * provider rejects the slash-less form ("URI must have a trailing slash when there is no path
 * segment", hashicorp/terraform-provider-azuread#718, #867), so the plan always uses this form.
 */
export function storedRedirectUri(uri: string): string {
  const { pathname, search, hash } = new URL(uri);
  return pathname === '/' && !search && !hash && !uri.endsWith('/') ? `${uri}/` : uri;
}

function urisFor(platform: RedirectPlatform, description: AppRegistrationDescription, power: PowerPlatformOption | undefined): string[] {
  const uris = redirectUrisFor(platform, description);
  if (power?.enabled && platform === POWER_PLATFORM_REDIRECT_PLATFORM) {
    // The shared consent redirect serves older connectors; newer ones get their own URI.
    uris.push(POWER_PLATFORM_REDIRECT_URI);
    if (power.connectorRedirectUri) uris.push(power.connectorRedirectUri);
  }
  return [...new Set(uris.map(storedRedirectUri))];
}

/**
 * Pure: what the registration will look like for one stack. The `EntraAppRegistration`
 * component turns this into azuread resources and does nothing else.
 *
 * @example
 * const plan = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: false } });
 * plan.identifierUris('11111111-2222-3333-4444-555555555555'); // ['api://1111...']
 */
export function planAppRegistration(args: PlanAppRegistrationArgs): AppRegistrationPlan {
  const description = args.description ?? appRegistration;
  const { scope } = description;
  const marker = pulumiManagedMarker(args.stack, description);
  return {
    // The stack in the display name tells two stacks' registrations apart in the portal;
    // it is a label only, the Pulumi logical names never change with it.
    displayName: `${description.displayName} (${args.stack})`,
    signInAudience: description.signInAudience,
    requestedAccessTokenVersion: description.requestedAccessTokenVersion,
    identifierUris: (clientId) => [identifierUri(clientId)],
    scope: {
      id: scope.id,
      value: scope.value,
      type: scope.type,
      isEnabled: true,
      adminConsentDisplayName: scope.adminConsentDisplayName,
      adminConsentDescription: scope.adminConsentDescription,
      userConsentDisplayName: scope.userConsentDisplayName,
      userConsentDescription: scope.userConsentDescription,
    },
    preAuthorizedApplications: description.preAuthorizedClients.map((client) => ({
      appId: client.appId,
      delegatedPermissionIds: [scope.id],
    })),
    publicClientRedirectUris: urisFor('publicClient', description, args.powerPlatform),
    webRedirectUris: urisFor('web', description, args.powerPlatform),
    spaRedirectUris: urisFor('spa', description, args.powerPlatform),
    isFallbackPublicClient: description.isFallbackPublicClient,
    requiredResourceAccess: description.requiredResourceAccess,
    notes: marker,
    tags: [],
    // The first tag is the one the portal gives its own service principals, so this one is
    // listed under Enterprise applications like them.
    servicePrincipalTags: ['WindowsAzureActiveDirectoryIntegratedApp', marker],
  };
}
