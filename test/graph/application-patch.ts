/**
 * What `PATCH /applications/{id}` enforces and how it stores a change (ENTRA-FACTS §7):
 * read-only and unknown properties refused, identifier-URI policy, enabled scopes neither
 * deleted nor changed, pre-authorizations only for scopes that existed before the request.
 */
import type { Application, PermissionScope } from '@microsoft/microsoft-graph-types';
import type { Directory } from './directory.ts';
import type { GraphFaults } from './graph-stand-in.ts';
import { graphError } from './graph-responses.ts';

const WRITABLE = new Set(['displayName', 'signInAudience', 'identifierUris', 'api', 'publicClient', 'web', 'spa', 'isFallbackPublicClient', 'requiredResourceAccess', 'tags', 'description', 'notes']);

/** Graph stores an unpathed URI with a trailing slash (ED:reply-url.md). */
const withSlash = (uri: string) => (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(uri) ? `${uri}/` : uri);

/** The refusal Graph would answer with, or undefined when the PATCH is acceptable. */
export function patchErrors(directory: Directory, faults: GraphFaults, request: Request, app: Application, patch: Application): Response | undefined {
  for (const key of Object.keys(patch)) {
    if (key === 'passwordCredentials') return graphError(request, { status: 400, code: 'Request_BadRequest', message: "Property 'passwordCredentials' is read-only and cannot be set: use addPassword." });
    if (!WRITABLE.has(key)) return graphError(request, { status: 400, code: 'Request_BadRequest', message: `Invalid property '${key}'.` });
  }
  if (patch.identifierUris != null) {
    const allowed = (uri: string) => uri === `api://${app.appId}` || uri === `api://${directory.tenantId}/${app.appId}`;
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
    if (Object.keys(pre).some((k) => k !== 'appId' && k !== 'delegatedPermissionIds')) {
      return graphError(request, { status: 400, code: 'Request_BadRequest', message: 'Unexpected contents in request body.' });
    }
    // A scope created in this same request does not count yet (microsoft-graph-docs-contrib#1395).
    const known = (id: string) => before.some((s) => s.id === id) && after.some((s) => s.id === id);
    if (!(pre.delegatedPermissionIds ?? []).every(known)) {
      return graphError(request, { status: 400, code: 'Request_BadRequest', message: 'Property api.preAuthorizedApplications.delegatedPermissionIds has a Permission Id that cannot be found in the AppPermissions sets.' });
    }
  }
  return undefined;
}

export function applyPatch(app: Application, patch: Application): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'api' || key === 'publicClient' || key === 'web' || key === 'spa') {
      // Nested properties given replace theirs; those left out stay (one level of merge).
      const merged = { ...(app[key] as object), ...(value as object) } as Record<string, unknown>;
      if (Array.isArray(merged.redirectUris)) merged.redirectUris = (merged.redirectUris as string[]).map(withSlash);
      (app as Record<string, unknown>)[key] = merged;
    } else {
      (app as Record<string, unknown>)[key] = value;
    }
  }
}
