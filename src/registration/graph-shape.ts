import {
  POWER_PLATFORM_REDIRECT_PLATFORM,
  POWER_PLATFORM_REDIRECT_URI,
  appRegistration,
  redirectUrisFor,
  type AppRegistrationDescription,
  type RedirectPlatform,
} from './app-registration.ts';

/**
 * The registration's parts in the shape Microsoft Graph stores them, shared by
 * `register-app` (src/graph) and the Pulumi plan (src/pulumi) so both write the same thing.
 */

/** The Power Platform custom connector option (Copilot Studio, Power Automate). */
export interface PowerPlatformOption {
  readonly enabled: boolean;
  /** The connector-specific redirect URI from the connector's Security tab. */
  readonly connectorRedirectUri?: string | undefined;
}

/** The delegated scope as Graph's `permissionScope`, enabled. */
export interface StoredPermissionScope {
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
 * A redirect URI as Entra stores it: an unpathed URI gets a trailing slash
 * (`http://127.0.0.1:33418` comes back as `http://127.0.0.1:33418/`, https://learn.microsoft.com/entra/identity-platform/reply-url).
 * Sending and comparing this form lets a re-run converge; the azuread provider also
 * rejects the slash-less form (hashicorp/terraform-provider-azuread#718, #867).
 */
export function storedRedirectUri(uri: string): string {
  // A pattern, not `new URL`: what Graph holds may be any string (`urn:…`, hand-typed).
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(uri) ? `${uri}/` : uri;
}

/** One platform's redirect URIs as stored, with the Power Platform ones when enabled, without duplicates. */
export function storedRedirectUris(platform: RedirectPlatform, power?: PowerPlatformOption, description: AppRegistrationDescription = appRegistration): string[] {
  const uris = redirectUrisFor(platform, description);
  if (power?.enabled === true && platform === POWER_PLATFORM_REDIRECT_PLATFORM) {
    // The shared consent redirect serves older connectors; newer ones get their own URI.
    uris.push(POWER_PLATFORM_REDIRECT_URI);
    if (power.connectorRedirectUri) uris.push(power.connectorRedirectUri);
  }
  return [...new Set(uris.map(storedRedirectUri))];
}

/** The description's scope as Graph's `permissionScope`; `id` keeps an existing scope's id. */
export function permissionScope(description: AppRegistrationDescription = appRegistration, id: string = description.scope.id): StoredPermissionScope {
  const { scope } = description;
  return {
    id,
    value: scope.value,
    type: scope.type,
    isEnabled: true,
    adminConsentDisplayName: scope.adminConsentDisplayName,
    adminConsentDescription: scope.adminConsentDescription,
    userConsentDisplayName: scope.userConsentDisplayName,
    userConsentDescription: scope.userConsentDescription,
  };
}

/** The form a Power Platform connector's own redirect URI takes, for error messages. */
export const POWER_PLATFORM_CONNECTOR_REDIRECT_URI_FORM = 'https://<region>.consent.azure-apim.net/redirect/...';

/**
 * Whether `uri` is a connector-specific Power Platform redirect URI: https on a
 * `*.consent.azure-apim.net` host, under `/redirect`. The one rule register-app and the
 * Pulumi settings check `POWER_PLATFORM_CONNECTOR_REDIRECT_URI` / `powerPlatformConnectorRedirectUri` by.
 */
export function isPowerPlatformConnectorRedirectUri(uri: string): boolean {
  const u = URL.canParse(uri) ? new URL(uri) : undefined;
  return u?.protocol === 'https:' && u.hostname.endsWith('.consent.azure-apim.net') && u.pathname.startsWith('/redirect');
}
