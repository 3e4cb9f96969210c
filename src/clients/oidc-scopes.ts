/**
 * The OpenID Connect and OAuth scopes the clients may add to an API scope, in one place.
 * The clients ask for no ID token (they call an API; who signed in is in the access
 * token), so `openid` and `profile` are never added; `offline_access` only when wanted and,
 * for a discovered server, only when it advertises it (RFC 8414 `scopes_supported`).
 */
export const OFFLINE_ACCESS = 'offline_access';

/**
 * Pure: the `scope` parameter: the API scopes, then `offline_access` when asked for and
 * allowed. `advertised` undefined means the server's list is not known (Entra's tenant
 * documents list it; the device flow asks only when the user wants a refresh token).
 */
export function requestScopes(apiScopes: readonly string[], options: { offlineAccess: boolean; advertised?: readonly string[] | undefined }): string {
  // No API scope advertised means no scope parameter at all: offline_access alone would ask for nothing to refresh.
  if (apiScopes.length === 0) return '';
  const wantOffline = options.offlineAccess && (options.advertised === undefined || options.advertised.includes(OFFLINE_ACCESS));
  return [...apiScopes, ...(wantOffline ? [OFFLINE_ACCESS] : [])].join(' ');
}
