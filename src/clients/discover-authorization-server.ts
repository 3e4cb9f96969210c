import { entraIssuerMatches, isEntraAuthorizationServer } from './authority.ts';
import { ClientError, OAuthError } from './client-errors.ts';
import { getJson, type Fetch } from './oauth-http.ts';

/** An authorization server's metadata and where it was found. */
export interface AuthorizationServerDiscovery {
  readonly metadata: Record<string, unknown> & { issuer: string; authorization_endpoint: string; token_endpoint: string };
  readonly discoveryUrl: string;
  readonly kind: 'openid' | 'oauth';
}

/**
 * Pure: where to look for an issuer's metadata, in order: OpenID Connect Discovery
 * (`{issuer}/.well-known/openid-configuration`, where Entra publishes it), RFC 8414
 * (`/.well-known/oauth-authorization-server` inserted before the issuer's path), and
 * the OpenID path-inserted variant RFC 8414 §5 mentions.
 */
export function discoveryUrls(issuer: string): { url: string; kind: 'openid' | 'oauth' }[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return [
    { url: `${u.origin}${path}/.well-known/openid-configuration`, kind: 'openid' },
    { url: `${u.origin}/.well-known/oauth-authorization-server${path}`, kind: 'oauth' },
    { url: `${u.origin}/.well-known/openid-configuration${path}`, kind: 'openid' },
  ];
}

/**
 * Phase 3 of the sign-in: finds the authorization server's metadata, trying each
 * {@link discoveryUrls} entry until one answers with a document for exactly `issuer`
 * (or, from Entra, for the tenant it stands for).
 */
export async function discoverAuthorizationServer(fetchImpl: Fetch, issuer: string): Promise<AuthorizationServerDiscovery> {
  const tried: string[] = [];
  for (const { url, kind } of discoveryUrls(issuer)) {
    let metadata: Record<string, unknown>;
    try {
      metadata = await getJson(fetchImpl, url);
    } catch (error) {
      if (error instanceof ClientError && (error.code === 'http' || error instanceof OAuthError)) {
        tried.push(url);
        continue;
      }
      throw error;
    }
    // Exact, as RFC 8414 §3.3 says; Entra's published issuer differs from a multi-tenant
    // or domain authority in the documented ways only (entraIssuerMatches).
    if (metadata.issuer !== issuer && !(isEntraAuthorizationServer(metadata) && entraIssuerMatches(issuer, metadata.issuer))) {
      throw new ClientError('protocol', `${url} names issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}`);
    }
    if (typeof metadata.authorization_endpoint !== 'string' || typeof metadata.token_endpoint !== 'string') {
      throw new ClientError('protocol', `${url} names no authorization_endpoint or token_endpoint`);
    }
    return { metadata: metadata as AuthorizationServerDiscovery['metadata'], discoveryUrl: url, kind };
  }
  throw new ClientError('protocol', `no metadata for the authorization server ${issuer} (tried ${tried.join(', ')})`);
}
