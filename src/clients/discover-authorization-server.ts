import * as oc from 'openid-client';
import { isHttpsOrLoopbackUrl, isLoopbackHttpUrl } from '../../server/src/entra/index.ts';
import { ClientError, HttpError } from './client-errors.ts';
import { entraIssuerMatches, isEntraAuthorizationServer } from './entra-issuer.ts';
import { fromOpenIdClientError } from './from-openid-client-error.ts';
import { REQUEST_TIMEOUT_MS, timedFetch, type Fetch } from './timed-fetch.ts';

// oauth4webapi's code for "issuer differs" (openid-client re-throws it with this code, not exported by name).
const ISSUER_MISMATCH = 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED';

/** An authorization server as openid-client knows it, and where its metadata was found. */
export interface AuthorizationServer {
  readonly config: oc.Configuration;
  readonly metadata: oc.ServerMetadata;
  readonly discoveryUrl: string;
  readonly kind: 'openid' | 'oauth';
  /** Entra, or the local stand-in that answers as Entra does. */
  readonly entra: boolean;
}

/** Options of {@link discoverAuthorizationServer}. */
export interface DiscoverAuthorizationServerOptions {
  readonly clientId: string;
  /** How the client authenticates at the token endpoint: none (a public client) by default. */
  readonly clientAuth?: oc.ClientAuth;
  readonly fetch?: Fetch;
}

/**
 * Pure: where to look for an issuer's metadata, in order: OpenID Connect Discovery
 * (`{issuer}/.well-known/openid-configuration`, where Entra publishes it), then RFC 8414
 * (`/.well-known/oauth-authorization-server` inserted before the issuer's path).
 */
export function discoveryUrls(issuer: string): { url: string; kind: 'openid' | 'oauth'; algorithm: 'oidc' | 'oauth2' }[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return [
    { url: `${u.origin}${path}/.well-known/openid-configuration`, kind: 'openid', algorithm: 'oidc' },
    { url: `${u.origin}/.well-known/oauth-authorization-server${path}`, kind: 'oauth', algorithm: 'oauth2' },
  ];
}

function configure(config: oc.Configuration, issuer: string, fetchImpl: Fetch): oc.Configuration {
  config[oc.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  // openid-client's own limit sits behind ours, so the error names the request that hung.
  config.timeout = REQUEST_TIMEOUT_MS / 1000 + 5;
  if (isLoopbackHttpUrl(issuer)) oc.allowInsecureRequests(config);
  return config;
}

/**
 * Finds an authorization server's metadata with openid-client's `discovery()`, trying
 * each {@link discoveryUrls} entry until one answers. The issuer must be exactly the one
 * asked (RFC 8414 §3.3), except where Entra publishes another in its documented ways
 * ({@link entraIssuerMatches}). openid-client itself lets any issuer through on
 * login.microsoftonline.com (it then checks ID tokens against the `{tenantid}` template),
 * so the documented ways are checked here too, and a document naming another tenant is
 * refused. On other Entra clouds openid-client refuses the template; the configuration is
 * then built from the same document: the clients ask for no ID token, so no `iss` is
 * compared with the template.
 */
export async function discoverAuthorizationServer(issuer: string, options: DiscoverAuthorizationServerOptions): Promise<AuthorizationServer> {
  if (!isHttpsOrLoopbackUrl(issuer)) {
    throw new ClientError('config', `the authorization server ${JSON.stringify(issuer)} must use https (plain http is accepted on a loopback host only)`);
  }
  const fetchImpl = timedFetch(options.fetch ?? fetch);
  const auth = options.clientAuth ?? oc.None();
  const tried: string[] = [];
  for (const { url, kind, algorithm } of discoveryUrls(issuer)) {
    let config: oc.Configuration;
    try {
      config = await oc.discovery(new URL(issuer), options.clientId, undefined, auth, {
        algorithm,
        [oc.customFetch]: (u, init) => fetchImpl(u, init as RequestInit),
        timeout: REQUEST_TIMEOUT_MS / 1000 + 5,
        ...(isLoopbackHttpUrl(issuer) ? { execute: [oc.allowInsecureRequests] } : {}),
      });
    } catch (error) {
      const body = (error as { code?: unknown; cause?: { attribute?: unknown; body?: unknown } }).cause;
      if ((error as { code?: unknown }).code === ISSUER_MISMATCH && body?.attribute === 'issuer') {
        const published = body.body as oc.ServerMetadata;
        if (!(isEntraAuthorizationServer(published) && entraIssuerMatches(issuer, published.issuer))) {
          throw new ClientError('protocol', `${url} names issuer ${JSON.stringify(published.issuer)}, not ${issuer}`, `GET ${url}`);
        }
        config = new oc.Configuration(published, options.clientId, undefined, auth);
      } else {
        const mapped = fromOpenIdClientError(error, `GET ${url}`);
        if (mapped instanceof HttpError) {
          tried.push(`${url} (${mapped.status})`);
          continue;
        }
        throw mapped;
      }
    }
    const metadata = config.serverMetadata();
    const entra = isEntraAuthorizationServer(metadata);
    if (metadata.issuer !== issuer && !(entra && entraIssuerMatches(issuer, metadata.issuer))) {
      throw new ClientError('protocol', `${url} names issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}`, `GET ${url}`);
    }
    return { config: configure(config, issuer, fetchImpl), metadata, discoveryUrl: url, kind, entra };
  }
  throw new ClientError('protocol', `no metadata for the authorization server ${issuer} (tried ${tried.join(', ')})`);
}
