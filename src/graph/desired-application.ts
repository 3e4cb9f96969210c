import type { PermissionScope, PreAuthorizedApplication, RequiredResourceAccess } from '@microsoft/microsoft-graph-types';
import {
  identifierUri,
  POWER_PLATFORM_REDIRECT_PLATFORM,
  POWER_PLATFORM_REDIRECT_URI,
  redirectUrisFor,
  type AppRegistrationDescription,
  type RedirectPlatform,
} from '../registration/app-registration.ts';
import { normalizeUri } from './redirect-uri.ts';

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

/**
 * The Power Platform custom connector option, the same shape as the Pulumi program's: when
 * enabled, the shared consent redirect (and the connector's own, if given) join the
 * `POWER_PLATFORM_REDIRECT_PLATFORM` (Web) redirect URIs.
 */
export interface PowerPlatformOption {
  readonly enabled: boolean;
  /** `https://<region>.consent.azure-apim.net/redirect/...`, from the connector's Security tab. */
  readonly connectorRedirectUri?: string | undefined;
}

/** Options beyond the description; the defaults give the plain registration. */
export interface DesiredApplicationOptions {
  /** The id of an existing `access_as_user` scope, kept; defaults to the description's fixed id. */
  readonly scopeId?: string;
  readonly powerPlatform?: PowerPlatformOption;
}

/** A platform's redirect URIs as Graph stores them (see `normalizeUri`), without duplicates. */
function stored(platform: RedirectPlatform, description: AppRegistrationDescription, power: PowerPlatformOption | undefined): string[] {
  const uris = redirectUrisFor(platform, description);
  if (power?.enabled === true && platform === POWER_PLATFORM_REDIRECT_PLATFORM) {
    uris.push(POWER_PLATFORM_REDIRECT_URI);
    if (power.connectorRedirectUri !== undefined) uris.push(power.connectorRedirectUri);
  }
  return [...new Set(uris.map(normalizeUri))];
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
  const { scope } = description;
  const scopeId = options.scopeId ?? description.scope.id;
  const power = options.powerPlatform;
  return {
    displayName: description.displayName,
    signInAudience: description.signInAudience,
    identifierUris: [identifierUri(clientId)],
    api: {
      requestedAccessTokenVersion: description.requestedAccessTokenVersion,
      oauth2PermissionScopes: [
        {
          id: scopeId,
          value: scope.value,
          type: scope.type,
          isEnabled: true,
          adminConsentDisplayName: scope.adminConsentDisplayName,
          adminConsentDescription: scope.adminConsentDescription,
          userConsentDisplayName: scope.userConsentDisplayName,
          userConsentDescription: scope.userConsentDescription,
        },
      ],
      // v1.0 names the list `delegatedPermissionIds` (beta: `permissionIds`).
      preAuthorizedApplications: description.preAuthorizedClients.map((c) => ({ appId: c.appId, delegatedPermissionIds: [scopeId] })),
    },
    publicClient: { redirectUris: stored('publicClient', description, power) },
    web: { redirectUris: stored('web', description, power) },
    spa: { redirectUris: stored('spa', description, power) },
    isFallbackPublicClient: description.isFallbackPublicClient,
    requiredResourceAccess: description.requiredResourceAccess.map((r) => ({
      resourceAppId: r.resourceAppId,
      resourceAccess: r.resourceAccess.map((a) => ({ id: a.id, type: a.type })),
    })),
  };
}
