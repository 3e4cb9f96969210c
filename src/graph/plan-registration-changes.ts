import type { Application, PermissionScope, PreAuthorizedApplication, RequiredResourceAccess } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import { desiredApplication, type DesiredApplication, type DesiredApplicationOptions, type PowerPlatformOption } from './desired-application.ts';
import { preAuthorizedClients } from '../registration/clients-shape.ts';
import { storedRedirectUri } from '../registration/graph-shape.ts';

/** The steps `register-app` prints and performs, in the order Graph needs them. */
export type RegistrationStep =
  | 'create-application'
  | 'display-name'
  | 'sign-in-audience'
  | 'token-version'
  | 'identifier-uri'
  | 'scope'
  | 'pre-authorized-clients'
  | 'redirect-uris'
  | 'client-type'
  | 'api-permissions'
  | 'service-principal';

export interface RegistrationChange {
  readonly step: RegistrationStep;
  /** One line for the user, e.g. `identifier URI: (none) -> api://…`. */
  readonly summary: string;
  /** The PATCH body for `/applications/{id}`, in Graph's field names; absent for the other steps. */
  readonly patch?: Application;
}

/** What `register-app` found in the tenant. */
export interface CurrentRegistration {
  /** The application, or undefined when none exists yet. */
  readonly application: Application | undefined;
  readonly hasServicePrincipal: boolean;
}

/** Placeholder client id in a plan for an application that does not exist yet. */
export const NEW_CLIENT_ID = '<new client id>';

const list = (values: readonly string[]): string => (values.length === 0 ? '(none)' : values.join(', '));

function sameSet(a: readonly string[] | null | undefined, b: readonly string[]): boolean {
  const left = new Set((a ?? []).map(storedRedirectUri));
  const right = new Set(b.map(storedRedirectUri));
  return left.size === right.size && [...left].every((v) => right.has(v));
}

const SCOPE_FIELDS = ['value', 'type', 'isEnabled', 'adminConsentDisplayName', 'adminConsentDescription', 'userConsentDisplayName', 'userConsentDescription'] as const;

function preAuthKey(p: PreAuthorizedApplication): string {
  return `${p.appId ?? ''}:${[...(p.delegatedPermissionIds ?? [])].sort().join(',')}`;
}

function accessKey(r: RequiredResourceAccess): string[] {
  return (r.resourceAccess ?? []).map((a) => `${r.resourceAppId ?? ''}/${a.type ?? ''}/${a.id ?? ''}`);
}

/**
 * Pure: the changes that bring `current` to the description, in execution order. An empty
 * list means the registration already matches, so a second run changes nothing.
 *
 * Ordering rules it encodes: the token version is set before the identifier URI (tenant
 * policies judge URIs by it); the scope is created in one PATCH and pre-authorized in a
 * later one (Graph refuses a pre-authorization naming a scope created in the same request);
 * each `api` PATCH carries the whole `api` object as it stands after the previous steps, so
 * the result does not depend on how Graph merges nested complex values. Scopes other than
 * ours are kept: removing one needs disabling it first, and it is not ours to remove.
 *
 * @example
 * ```ts
 * planRegistrationChanges({ application: undefined, hasServicePrincipal: false }, appRegistration)[0].step;
 * // 'create-application'
 * ```
 */
export function planRegistrationChanges(
  current: CurrentRegistration,
  description: AppRegistrationDescription,
  powerPlatform?: PowerPlatformOption,
  more: Pick<DesiredApplicationOptions, 'mcpResource' | 'clientsClientId' | 'proxyPublicUrl'> = {},
): RegistrationChange[] {
  const app: Application = current.application ?? {};
  const changes: RegistrationChange[] = [];
  if (current.application === undefined) {
    changes.push({ step: 'create-application', summary: `create application "${description.displayName}" (${description.signInAudience})` });
  }
  const clientId = app.appId ?? NEW_CLIENT_ID;
  const scopes = app.api?.oauth2PermissionScopes ?? [];
  const ours = scopes.find((s) => s.value === description.scope.value);
  const desired: DesiredApplication = desiredApplication(description, clientId, { scopeId: ours?.id, powerPlatform, ...more });
  const [desiredScope] = desired.api.oauth2PermissionScopes as [PermissionScope];

  if (current.application !== undefined && app.displayName !== desired.displayName) {
    changes.push({ step: 'display-name', summary: `display name: ${app.displayName ?? '(none)'} -> ${desired.displayName}`, patch: { displayName: desired.displayName } });
  }
  if (current.application !== undefined && app.signInAudience !== desired.signInAudience) {
    changes.push({ step: 'sign-in-audience', summary: `sign-in audience: ${app.signInAudience ?? '(none)'} -> ${desired.signInAudience}`, patch: { signInAudience: desired.signInAudience } });
  }

  // The `api` object as it stands after each step, sent whole every time.
  let api = {
    requestedAccessTokenVersion: app.api?.requestedAccessTokenVersion ?? null,
    oauth2PermissionScopes: scopes,
    preAuthorizedApplications: app.api?.preAuthorizedApplications ?? [],
  };
  if (api.requestedAccessTokenVersion !== desired.api.requestedAccessTokenVersion) {
    api = { ...api, requestedAccessTokenVersion: desired.api.requestedAccessTokenVersion };
    changes.push({ step: 'token-version', summary: `access token version: ${app.api?.requestedAccessTokenVersion ?? 'null (v1)'} -> 2`, patch: { api } });
  }
  if (!sameSet(app.identifierUris, desired.identifierUris)) {
    changes.push({ step: 'identifier-uri', summary: `identifier URI: ${list(app.identifierUris ?? [])} -> ${list(desired.identifierUris)}`, patch: { identifierUris: desired.identifierUris } });
  }
  const scopeDiffers = ours === undefined || SCOPE_FIELDS.some((f) => ours[f] !== desiredScope[f]);
  if (scopeDiffers && ours !== undefined && ours.isEnabled === true && ours.type !== desiredScope.type) {
    // Graph refuses to change an enabled scope's type (CannotDeleteOrUpdateEnabledEntitlement): disable it first.
    api = { ...api, oauth2PermissionScopes: scopes.map((s) => (s === ours ? { ...ours, isEnabled: false } : s)) };
    changes.push({ step: 'scope', summary: `scope: disable "${desiredScope.value}" to change its type ${ours.type} -> ${desiredScope.type}`, patch: { api } });
  }
  if (scopeDiffers) {
    const merged = ours === undefined ? [...scopes, desiredScope] : scopes.map((s) => (s === ours ? desiredScope : s));
    api = { ...api, oauth2PermissionScopes: merged };
    const what = ours === undefined ? `add "${desiredScope.value}" (id ${desiredScope.id})` : `update "${desiredScope.value}" (id ${desiredScope.id} kept)`;
    changes.push({ step: 'scope', summary: `scope: ${what}`, patch: { api } });
  }
  const wantPre = desired.api.preAuthorizedApplications;
  const havePre = app.api?.preAuthorizedApplications ?? [];
  if (havePre.length !== wantPre.length || !sameSet(havePre.map(preAuthKey), wantPre.map(preAuthKey))) {
    api = { ...api, preAuthorizedApplications: wantPre };
    const names = preAuthorizedClients(description, more.clientsClientId).map((c) => `${c.name} (${c.appId})`);
    changes.push({ step: 'pre-authorized-clients', summary: `pre-authorized clients: ${list(names)} for "${desiredScope.value}"`, patch: { api } });
  }
  for (const platform of ['publicClient', 'web', 'spa'] as const) {
    const have = app[platform]?.redirectUris ?? [];
    const want = desired[platform].redirectUris;
    if (!sameSet(have, want)) {
      changes.push({ step: 'redirect-uris', summary: `${platform} redirect URIs: ${list(have)} -> ${list(want)}`, patch: { [platform]: { redirectUris: want } } });
    }
  }
  if ((app.isFallbackPublicClient ?? false) !== desired.isFallbackPublicClient) {
    changes.push({ step: 'client-type', summary: `allow public client flows (isFallbackPublicClient): ${app.isFallbackPublicClient ?? 'null'} -> ${desired.isFallbackPublicClient}`, patch: { isFallbackPublicClient: desired.isFallbackPublicClient } });
  }
  const haveAccess = (app.requiredResourceAccess ?? []).flatMap(accessKey);
  const wantAccess = desired.requiredResourceAccess.flatMap(accessKey);
  if (haveAccess.length !== wantAccess.length || !sameSet(haveAccess, wantAccess)) {
    changes.push({ step: 'api-permissions', summary: `API permissions: ${list(haveAccess)} -> ${list(wantAccess)}`, patch: { requiredResourceAccess: desired.requiredResourceAccess } });
  }
  if (!current.hasServicePrincipal) {
    changes.push({ step: 'service-principal', summary: `service principal for ${clientId}` });
  }
  return changes;
}
