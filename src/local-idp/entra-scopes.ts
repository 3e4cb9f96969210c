import { EntraError } from './entra-error.ts';
import type { LocalClient } from './local-clients.ts';

/** OIDC scopes Entra understands without a resource (https://learn.microsoft.com/entra/identity-platform/scopes-oidc). */
export const OIDC_SCOPE_SET: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

/** What the local tenant's API exposes, for scope checks. */
export interface ApiResource {
  readonly clientId: string;
  /** The exposed scope's value, e.g. `access_as_user`. */
  readonly scopeValue: string;
  /** The tenant name in messages (Entra names the tenant there). */
  readonly tenantId: string;
  /**
   * The API app's identifier URIs; `api://{clientId}` when absent. The running provider
   * may add to the array (the MCP URL, once known), as an admin adds one in Entra.
   */
  readonly identifierUris?: readonly string[];
}

/** The API's identifier URIs, `api://{clientId}` by default. */
export function identifierUrisOf(api: ApiResource): readonly string[] {
  return api.identifierUris ?? [`api://${api.clientId}`];
}

/** Which identifier URI (or the GUID) `scope` is named under, or undefined. Case-insensitive, as Entra matches scopes. */
function scopePrefix(scope: string, api: ApiResource): { form: 'uri' | 'guid'; prefix: string } | undefined {
  const lower = scope.toLowerCase();
  const uri = identifierUrisOf(api).find((u) => lower.startsWith(`${u.toLowerCase()}/`));
  if (uri !== undefined) return { form: 'uri', prefix: `${uri}/` };
  return lower.startsWith(`${api.clientId}/`) ? { form: 'guid', prefix: `${api.clientId}/` } : undefined;
}

/** A scope string Entra accepted, split into its parts. */
export interface ScopeRequest {
  readonly oidcScopes: string[];
  /** The API scopes exactly as requested (`api://{id}/access_as_user` or `{id}/access_as_user`). */
  readonly apiScopes: string[];
}

/** The resource indicator the local provider binds API tokens to (oidc-provider's `resource`). */
export function apiResourceIndicator(api: ApiResource): string {
  return `api://${api.clientId}`;
}

/**
 * Pure: checks a `scope` parameter the way Entra does and splits it. Throws EntraError:
 * 900144 when missing, 500011 for an `api://` resource the tenant does not know, 65005
 * for a scope the API does not expose, 70011 for any other value Entra would not take
 * (`.default` beside a named scope included),
 * and 90009 when the app asks for a token for itself with the `api://` form (Entra
 * demands the GUID form then, https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export function parseEntraScope(scope: string | undefined, client: LocalClient, api: ApiResource): ScopeRequest {
  if (scope === undefined || scope.trim() === '') {
    throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
  }
  const oidcScopes: string[] = [];
  const apiScopes: string[] = [];
  for (const s of scope.trim().split(/\s+/)) {
    if (OIDC_SCOPE_SET.has(s)) {
      oidcScopes.push(s);
      continue;
    }
    const named = scopePrefix(s, api);
    const form = named?.form;
    if (named === undefined) {
      if (s.startsWith('api://') || s.startsWith('https://') || s.startsWith('http://')) {
        const principal = s.slice(0, s.lastIndexOf('/') > s.indexOf('//') + 1 ? s.lastIndexOf('/') : s.length);
        throw new EntraError('invalid_resource', 500011, `The resource principal named ${principal} was not found in the tenant named ${api.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
      }
      throw new EntraError('invalid_scope', 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope '${s}' is not valid.`);
    }
    const value = s.slice(named.prefix.length);
    if (value !== api.scopeValue && value !== '.default') {
      throw new EntraError('invalid_client', 65005, `The application '${client.name}' asked for scope '${value}' that doesn't exist on the resource '${api.clientId}'. Contact the app vendor.`);
    }
    if (form === 'uri' && client.isApi) {
      throw new EntraError('invalid_request', 90009, `Application '${client.clientId}'(${client.name}) is requesting a token for itself. This scenario is supported only if resource is specified using the GUID based App Identifier.`);
    }
    apiScopes.push(s);
  }
  // `.default` stands for every permission granted, so Entra refuses it beside a named
  // scope (https://learn.microsoft.com/entra/identity-platform/scopes-oidc; message as REPORTED in AzureAD/microsoft-authentication-library-for-js#1718).
  if (apiScopes.length > 1 && apiScopes.some((s) => s.endsWith('/.default'))) {
    throw new EntraError('invalid_scope', 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope.trim()} is not valid. .default scope can't be combined with resource-specific scopes.`);
  }
  return { oidcScopes, apiScopes };
}

/**
 * Pure: Entra v2 takes an RFC 8707 `resource` parameter only when it is, exactly, one of
 * the identifier URIs of the app whose scope is requested (a trailing slash is a mismatch);
 * otherwise AADSTS9010010 (Microsoft Learn, "Secure an MCP server with Microsoft Entra ID":
 * add the MCP URL as an identifier URI; REPORTED by MCP clients:
 * https://github.com/TracecatHQ/tracecat/issues/2466, https://github.com/microsoft/vscode/issues/254009).
 * `requested` undefined means the request carried no scopes to compare.
 */
export function checkResourceParameter(resource: string | undefined, requested: ScopeRequest | undefined, api: ApiResource): void {
  if (resource === undefined) return;
  const matches = identifierUrisOf(api).includes(resource) && (requested === undefined || requested.apiScopes.length > 0);
  if (!matches) {
    throw new EntraError('invalid_target', 9010010, "The resource parameter provided in the request doesn't match with the requested scopes.");
  }
}
