/** RFC 9728 Protected Resource Metadata, pure. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name: string;
}

/** The path-form metadata URL for a resource: the well-known suffix goes between host and path (RFC 9728 §3.1). */
export function metadataUrlFor(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/**
 * The metadata document. `resource` must equal the identifier the metadata URL was built
 * from, or clients are required to reject it (RFC 9728 §3.3).
 */
export function protectedResourceMetadata(resource: string, issuer: string, scope: string, resourceName: string): ProtectedResourceMetadata {
  return {
    resource,
    authorization_servers: [issuer],
    scopes_supported: [scope],
    // Header only: a token in a query string or form body is refused (RFC 6750 §2.2, §2.3).
    bearer_methods_supported: ['header'],
    resource_name: resourceName,
  };
}
