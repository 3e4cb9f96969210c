import { ClientError } from './client-errors.ts';
import { parseBearerChallenge } from './bearer-challenge.ts';
import { getJson, type Fetch } from './oauth-http.ts';

/** What the server said about itself before any token. */
export interface ProtectedResourceDiscovery {
  /** Status of the unauthenticated call (401 expected). */
  readonly status: number;
  readonly challenge: Readonly<Record<string, string>>;
  readonly resourceMetadataUrl: string;
  /** The RFC 9728 document. */
  readonly metadata: {
    readonly resource: string;
    readonly authorization_servers: readonly string[];
    readonly scopes_supported?: readonly string[];
  } & Record<string, unknown>;
}

/**
 * Phases 1 and 2 of the sign-in: calls the MCP endpoint without a token, reads
 * `resource_metadata` from the 401's `WWW-Authenticate` (or falls back to the RFC 9728
 * well-known URL for the endpoint's path), and fetches that metadata.
 */
export async function discoverProtectedResource(fetchImpl: Fetch, mcpUrl: string): Promise<ProtectedResourceDiscovery> {
  const request = `POST ${mcpUrl}`;
  let response: Response;
  try {
    response = await fetchImpl(mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'entra-mcp-sign-in', version: '0.1.0' } } }),
    });
    await response.body?.cancel();
  } catch (error) {
    throw new ClientError('network', `${request} failed: ${(error as Error).message}; is the server running (npm run dev)?`, request, { cause: error });
  }
  if (response.status !== 401) {
    throw new ClientError('protocol', `${request} without a token answered ${response.status}, not 401: this server does not ask for sign-in`, request);
  }
  const challenge = parseBearerChallenge(response.headers.get('www-authenticate')) ?? {};
  const url = new URL(mcpUrl);
  const resourceMetadataUrl = challenge.resource_metadata ?? `${url.origin}/.well-known/oauth-protected-resource${url.pathname === '/' ? '' : url.pathname}`;
  const metadata = await getJson(fetchImpl, resourceMetadataUrl);
  const servers = metadata.authorization_servers;
  if (typeof metadata.resource !== 'string' || !Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s !== 'string')) {
    throw new ClientError('protocol', `${resourceMetadataUrl} has no resource or authorization_servers`);
  }
  return { status: response.status, challenge, resourceMetadataUrl, metadata: metadata as ProtectedResourceDiscovery['metadata'] };
}
