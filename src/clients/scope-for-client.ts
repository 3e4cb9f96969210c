/**
 * Pure: the form of an API scope a given client must ask Entra for. A client asking for
 * its own API's scope must use the GUID form (`{clientId}/access_as_user`), or Entra
 * answers AADSTS90009; every other client uses the scope as the API publishes it
 * (`api://{clientId}/access_as_user`).
 *
 * @example
 * ```ts
 * scopeForClient('api://c7d9.../access_as_user', 'c7d9...'); // 'c7d9.../access_as_user'
 * ```
 */
export function scopeForClient(scope: string, clientId: string, ownResource?: string): string {
  // `ownResource`: the MCP resource, when the caller knows it is an identifier URI of this very client's app.
  for (const base of [`api://${clientId.toLowerCase()}`, ownResource?.toLowerCase()]) {
    const prefix = `${base}/`;
    if (base !== undefined && scope.toLowerCase().startsWith(prefix)) return `${clientId}/${scope.slice(prefix.length)}`;
  }
  return scope;
}
