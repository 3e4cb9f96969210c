/**
 * What `PATCH /applications/{id}` enforces and how it stores a change (https://learn.microsoft.com/graph/api/application-update?view=graph-rest-1.0,
 * https://learn.microsoft.com/graph/api/resources/permissionscope?view=graph-rest-1.0):
 * read-only and unknown properties refused, identifier-URI policy, enabled scopes neither
 * deleted nor changed, pre-authorizations only for scopes that existed before the request.
 */
import type { Application, PermissionScope } from '@microsoft/microsoft-graph-types';
import type { Directory } from './directory.ts';
import type { GraphFaults } from './graph-stand-in.ts';
import { graphError } from './graph-responses.ts';
import { identifierUriAllowed } from './identifier-uri-policy.ts';

const WRITABLE = new Set(['displayName', 'signInAudience', 'identifierUris', 'api', 'publicClient', 'web', 'spa', 'isFallbackPublicClient', 'requiredResourceAccess', 'tags', 'description', 'notes']);

/** Graph stores an unpathed URI with a trailing slash (https://learn.microsoft.com/entra/identity-platform/reply-url). */
const withSlash = (uri: string) => (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(uri) ? `${uri}/` : uri);

/** The refusal Graph would answer with, or undefined when the PATCH is acceptable. */
export function patchErrors(directory: Directory, faults: GraphFaults, request: Request, app: Application, patch: Application): Response | undefined {
  for (const key of Object.keys(patch)) {
    if (key === 'passwordCredentials') return graphError(request, { status: 400, code: 'Request_BadRequest', message: "Property 'passwordCredentials' is read-only and cannot be set: use addPassword." });
    if (!WRITABLE.has(key)) return graphError(request, { status: 400, code: 'Request_BadRequest', message: `Invalid property '${key}'.` });
  }
  if (patch.identifierUris != null) {
    const allowed = (uri: string) => identifierUriAllowed(uri, { appId: app.appId ?? '', tenantId: directory.tenantId, verifiedDomains: directory.verifiedDomains });
    const bad = patch.identifierUris.find((u) => !(app.identifierUris ?? []).includes(u) && (faults.refuseIdentifierUris || !allowed(u)));
    if (bad !== undefined) {
      return graphError(request, {
        status: 400, code: 'Request_BadRequest',
        message: `Failed to add identifier URI ${bad}. All newly added URIs must contain a tenant verified domain, tenant ID, or app ID, as per the app management policy of your organization.`,
        details: [{ code: 'HostNameNotOnVerifiedDomain', message: `Values of identifierUris property must use a verified domain of the organization or its subdomain: '${bad}'`, target: 'identifierUris' }],
      });
    }
  }
  const api = patch.api;
  if (api == null) return undefined;
  const before = app.api?.oauth2PermissionScopes ?? [];
  const after: PermissionScope[] = api.oauth2PermissionScopes ?? before;
  for (const old of before.filter((s) => s.isEnabled)) {
    const now = after.find((s) => s.id === old.id);
    if (now === undefined || now.value !== old.value || now.type !== old.type) {
      // msgraph-sdk-dotnet#1888; code REPORTED: OfficeDev/teams-toolkit constants.ts.
      return graphError(request, { status: 400, code: 'CannotDeleteOrUpdateEnabledEntitlement', message: 'Permission (scope or role) cannot be deleted or updated unless disabled first.' });
    }
  }
  for (const pre of api.preAuthorizedApplications ?? []) {
    // v1.0 knows `delegatedPermissionIds` only; beta's `permissionIds` is refused like this
    // (REPORTED: microsoftgraph/microsoft-graph-docs-contrib#2406).
    if (Object.keys(pre).some((k) => k !== 'appId' && k !== 'delegatedPermissionIds')) {
      return graphError(request, { status: 400, code: 'Request_BadRequest', message: 'Unexpected contents in request body.' });
    }
    // A scope created in this same request does not count yet (microsoft-graph-docs-contrib#1395).
    // Code `InvalidValue` with a `details` target, not `Request_BadRequest`
    // (REPORTED: microsoftgraph/microsoft-graph-docs#12675).
    const known = (id: string) => before.some((s) => s.id === id) && after.some((s) => s.id === id);
    if (!(pre.delegatedPermissionIds ?? []).every(known)) {
      return graphError(request, {
        status: 400, code: 'InvalidValue',
        message: 'Property api.preAuthorizedApplications.delegatedPermissionIds has a Permission Id that cannot be found in the AppPermissions sets.',
        details: [{ target: 'api.preAuthorizedApplications.delegatedPermissionIds', code: 'InvalidValue' }],
      });
    }
  }
  return undefined;
}

const isComplex = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * PATCH semantics: a complex value (`api`, `web`, `web.implicitGrantSettings`, …) is merged
 * property by property, at every depth; collections and primitives given replace theirs;
 * whatever is left out stays. OData 4.01 §11.4.3, and what Graph does: `az ad app update
 * --enable-id-token-issuance` sends only `{"web":{"implicitGrantSettings":{"enableIdTokenIssuance":true}}}`
 * (Azure/azure-cli role module `application_property_map`) without wiping redirect URIs.
 */
function merge(current: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(isComplex(current) ? current : {}) };
  for (const [key, value] of Object.entries(patch)) out[key] = isComplex(value) ? merge(out[key], value) : value;
  return out;
}

export function applyPatch(app: Application, patch: Application): void {
  const merged = merge(app, patch as Record<string, unknown>);
  for (const platform of ['publicClient', 'web', 'spa'] as const) {
    const value = merged[platform];
    if (isComplex(value) && Array.isArray(value.redirectUris)) merged[platform] = { ...value, redirectUris: (value.redirectUris as string[]).map(withSlash) };
  }
  Object.assign(app, merged);
}
