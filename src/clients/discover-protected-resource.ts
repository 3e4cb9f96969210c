import { ClientError, HttpError } from './client-errors.ts';
import { parseBearerChallenge } from './bearer-challenge.ts';
import { getJson, type Fetch } from './timed-fetch.ts';

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
 * Pure: the metadata URLs to try for a protected resource with no `resource_metadata` in its
 * challenge, each with the `resource` it must name: the path form
 * (`/.well-known/oauth-protected-resource` inserted before the path, RFC 9728 §3.1), then the
 * root form, as the MCP authorization spec has clients do
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#protected-resource-metadata-discovery-requirements).
 */
export function protectedResourceMetadataUrls(resourceUrl: string): { url: string; resource: string }[] {
  const u = new URL(resourceUrl);
  const path = u.pathname.replace(/\/+$/, '');
  const root = { url: `${u.origin}/.well-known/oauth-protected-resource`, resource: u.origin };
  return path === '' ? [root] : [{ url: `${root.url}${path}`, resource: resourceUrl }, root];
}

function sameResource(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

async function fetchMetadata(fetchImpl: Fetch, url: string, expectedResource: string): Promise<ProtectedResourceDiscovery['metadata']> {
  const metadata = await getJson(fetchImpl, url);
  const servers = metadata.authorization_servers;
  if (typeof metadata.resource !== 'string' || !Array.isArray(servers) || servers.length === 0 || servers.some((s) => typeof s !== 'string')) {
    throw new ClientError('protocol', `${url} has no resource or authorization_servers`, `GET ${url}`);
  }
  // RFC 9728 §3.3: a client MUST NOT use metadata whose `resource` is not the resource it asked about
  // (for metadata named by a challenge: the URL it called). Otherwise one resource could pass itself off as another.
  if (!sameResource(metadata.resource, expectedResource)) {
    throw new ClientError('protocol', `${url} describes the resource ${JSON.stringify(metadata.resource)}, not ${expectedResource}: refusing it (RFC 9728 §3.3)`, `GET ${url}`, {
      advice: ["use the server's URL exactly as it publishes it (--server or MCP_SERVER_URL), or fix the server's MCP_PUBLIC_URL"],
    });
  }
  return metadata as ProtectedResourceDiscovery['metadata'];
}

/**
 * Phases 1 and 2 of the sign-in: calls the MCP endpoint without a token, reads
 * `resource_metadata` from the 401's `WWW-Authenticate` (or tries the RFC 9728 well-known
 * URLs, path form then root), and fetches that metadata, refusing it unless it describes
 * the URL called.
 */
export async function discoverProtectedResource(fetchImpl: Fetch, mcpUrl: string): Promise<ProtectedResourceDiscovery> {
  const request = `POST ${mcpUrl}`;
  const response = await fetchImpl(mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'entra-mcp-sign-in', version: '0.1.0' } } }),
  });
  await response.body?.cancel();
  if (response.status !== 401) {
    throw new ClientError('protocol', `${request} without a token answered ${response.status}, not 401: this server does not ask for sign-in`, request);
  }
  const challenge = parseBearerChallenge(response.headers.get('www-authenticate')) ?? {};
  const named = challenge.resource_metadata;
  const candidates = named === undefined ? protectedResourceMetadataUrls(mcpUrl) : [{ url: named, resource: mcpUrl }];
  const tried: string[] = [];
  for (const { url, resource } of candidates) {
    try {
      const metadata = await fetchMetadata(fetchImpl, url, resource);
      return { status: response.status, challenge, resourceMetadataUrl: url, metadata };
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      tried.push(`${url} (${error.status})`);
    }
  }
  throw new ClientError('protocol', `${mcpUrl} publishes no protected resource metadata (tried ${tried.join(', ')})`, request);
}
