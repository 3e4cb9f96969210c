import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type JWK } from 'oidc-provider';
import type { Principal } from '../auth/principal.ts';
import { checkRegistrationRequest } from './check-registration-request.ts';
import { createConsentRoute } from './consent-routes.ts';
import { FixedWindowRateLimiter, type RateLimit } from './fixed-window-rate-limiter.ts';
import { createMemoryProxyStore } from './memory-proxy-store.ts';
import type { LoopbackMetadataDocuments } from './metadata-document-fetch.ts';
import type { VerifiedEntraCaller } from './proxy-identity.ts';
import { clientAddress, readBody, replayRequest, sendJson } from './proxy-http-io.ts';
import { ProxyOAuthError } from './proxy-oauth-error.ts';
import { proxyProviderConfiguration, type PreRegisteredClient } from './proxy-provider-configuration.ts';
import { CONSENT_PATH_PREFIX, PROXY_ROUTES, UPSTREAM_CALLBACK_PATH } from './proxy-routes.ts';
import { publicJwks } from './proxy-signing-key.ts';
import type { ProxyStore } from './proxy-store.ts';
import { createUpstreamSessionRefresher } from './refresh-upstream-session.ts';
import { createUpstreamCallbackRoute } from './upstream-callback-route.ts';
import { createUpstreamEntra, type UpstreamOptions } from './upstream-entra.ts';
import { createProxyTokenVerifier } from './verify-proxy-access-token.ts';

/** Options of {@link createProxyAuthorizationServer}. */
export interface ProxyAuthorizationServerOptions {
  /** The server's public origin (`MCP_PUBLIC_URL`): the issuer MCP clients see. */
  readonly issuer: string;
  /** `${issuer}/mcp`: the only resource tokens are issued for. */
  readonly mcpResource: string;
  readonly upstream: UpstreamOptions;
  /** The server's own Entra verifier (every check `/mcp` applies to Entra tokens). */
  readonly verifyEntraAccessToken: (token: string) => Promise<VerifiedEntraCaller>;
  /** Private JWKs (ES256 or RS256) signing the proxy's tokens; the first signs. */
  readonly signingKeys: readonly JWK[];
  /** Default: in memory (one instance). */
  readonly store?: ProxyStore;
  /** Keys for oidc-provider's cookies; replicas must share them. Default: random per process. */
  readonly cookieKeys?: readonly string[];
  /** Milliseconds since the epoch, for the proxy's own checks. Default `Date.now`. */
  readonly clock?: () => number;
  /** For calls to Entra. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  readonly accessTokenTtlSeconds?: number;
  readonly refreshTokenTtlSeconds?: number;
  /** Clients known from configuration, checked like registrations (see `checkRegistrationRequest`). */
  readonly preRegisteredClients?: readonly PreRegisteredClient[];
  /** Registrations allowed per client address and window. Default 20 an hour. */
  readonly registrationRateLimit?: RateLimit;
  /** Trust `X-Forwarded-*` (behind Container Apps ingress). Default false. */
  readonly trustProxy?: boolean;
  readonly clockSkewSeconds?: number;
  /** Dev stack and tests only: Client ID Metadata Documents on loopback https hosts, trusted by this CA. */
  readonly loopbackMetadataDocuments?: LoopbackMetadataDocuments;
  /** Told of failures worth a log line; never given a token or secret. */
  readonly onError?: (message: string) => void;
}

/** Proxy mode, ready to mount in the server's request handler. */
export interface ProxyAuthorizationServer {
  /** Answers the proxy's own routes; resolves false for any other path (untouched). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** For `/mcp`: verifies a token the proxy issued; throws the server's `AuthError`. */
  verifyProxyAccessToken(token: string): Promise<Principal>;
  /** The Protected Resource Metadata `authorization_servers` value in this mode. */
  readonly authorizationServers: readonly string[];
  /** The Protected Resource Metadata `scopes_supported` value in this mode. */
  readonly scopesSupported: readonly string[];
}

const METADATA_PATHS = new Set(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']);
const REGISTRATION_BODY_LIMIT = 8192;
const TOKEN_BODY_LIMIT = 16_384;

/**
 * Proxy mode (issue 9): this server becomes the OAuth authorization server MCP clients
 * see, while people still sign in only at Entra. oidc-provider does the OAuth work
 * (see `proxyProviderConfiguration`); this module adds what it cannot: the registration
 * policy and rate limit in front of `/oauth/register`, the consent page, and the Entra
 * sign-in behind it.
 */
export function createProxyAuthorizationServer(options: ProxyAuthorizationServerOptions): ProxyAuthorizationServer {
  const issuer = options.issuer.replace(/\/+$/, '');
  if (URL.parse(issuer)?.origin !== issuer) throw new TypeError(`issuer must be an origin (scheme, host and port, no path): got ${JSON.stringify(options.issuer)}`);
  if (options.signingKeys.length === 0) throw new TypeError('signingKeys must hold at least one private JWK (ES256 or RS256)');
  const clock = options.clock ?? Date.now;
  const store = options.store ?? createMemoryProxyStore({ now: clock });
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 600;
  const refreshTokenTtlSeconds = options.refreshTokenTtlSeconds ?? 14 * 24 * 3600;
  const scopeValue = options.upstream.scope.slice(options.upstream.scope.lastIndexOf('/') + 1);
  const provider = new Provider(
    issuer,
    proxyProviderConfiguration({
      mcpResource: options.mcpResource,
      scopeValue,
      store,
      signingKeys: options.signingKeys,
      cookieKeys: options.cookieKeys ?? [randomBytes(32).toString('base64url')],
      accessTokenTtlSeconds,
      refreshTokenTtlSeconds,
      loopbackMetadataDocuments: options.loopbackMetadataDocuments,
      // The same policy as dynamic registrations: application_type fits the redirect URIs.
      preRegisteredClients: (options.preRegisteredClients ?? []).map((c) => ({ ...c, ...(checkRegistrationRequest({ ...c, redirect_uris: [...c.redirect_uris] }) as { application_type: 'web' | 'native' }) })),
    }),
  );
  provider.proxy = options.trustProxy ?? false;
  provider.on('server_error', (_ctx: unknown, error: Error) => options.onError?.(`oidc-provider: ${error.message}`));
  const oidc = provider.callback();
  const upstream = createUpstreamEntra(options.upstream, options.fetch);
  const routeSetup = { provider, store, upstream, issuer, mcpResource: options.mcpResource };
  const consent = createConsentRoute(routeSetup);
  const callback = createUpstreamCallbackRoute({ ...routeSetup, scopeValue, refreshTokenTtlSeconds, rememberConsentSeconds: refreshTokenTtlSeconds, verifyEntraAccessToken: options.verifyEntraAccessToken, onUpstreamError: options.onError });
  const limiter = new FixedWindowRateLimiter(options.registrationRateLimit ?? { limit: 20, windowSeconds: 3600 }, clock);
  const refreshUpstream = createUpstreamSessionRefresher({ store, upstream, verifyEntraAccessToken: options.verifyEntraAccessToken, refreshTokenTtlSeconds, now: clock, onError: options.onError });
  const algorithms = options.signingKeys[0]?.kty === 'RSA' ? ['RS256'] : ['ES256'];

  const register = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return void (await oidc(req, res));
    const wait = limiter.hit(clientAddress(req, options.trustProxy ?? false));
    if (wait > 0) throw new ProxyOAuthError('temporarily_unavailable', `too many registrations from this address; try again in ${wait} seconds`, 429, wait);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, REGISTRATION_BODY_LIMIT));
    } catch (error) {
      if (error instanceof ProxyOAuthError) throw error;
      throw new ProxyOAuthError('invalid_client_metadata', 'the registration request must be JSON');
    }
    await oidc(replayRequest(req, JSON.stringify(checkRegistrationRequest(body))), res);
  };

  const tokenEndpoint = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return void (await oidc(req, res));
    const body = await readBody(req, TOKEN_BODY_LIMIT);
    const params = new URLSearchParams(body);
    const refreshToken = params.get('refresh_token');
    if (params.get('grant_type') === 'refresh_token' && refreshToken !== null) await refreshUpstream(refreshToken);
    await oidc(replayRequest(req, body), res);
  };

  // `prompt` is for Entra, not for the proxy's own login state: renamed before oidc-provider
  // sees it. A request with no scope asks for the MCP server's (RFC 6749 §3.3: the server's
  // default); oidc-provider would issue a code no token can be made from.
  const authorize = (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void => {
    const prompt = url.searchParams.get('prompt');
    if (prompt !== null) {
      url.searchParams.delete('prompt');
      url.searchParams.set('entra_prompt', prompt);
    }
    if ((url.searchParams.get('scope') ?? '').trim() === '') url.searchParams.set('scope', scopeValue);
    req.url = `${url.pathname}?${url.searchParams.toString()}`;
    return oidc(req, res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', issuer);
    const path = url.pathname;
    if (!METADATA_PATHS.has(path) && !path.startsWith('/oauth/')) return false;
    try {
      if (METADATA_PATHS.has(path)) {
        // RFC 8414 §3 and OpenID discovery: one document at both names.
        req.url = `/.well-known/openid-configuration${url.search}`;
        await oidc(req, res);
      } else if (path === PROXY_ROUTES.registration) await register(req, res);
      else if (path === PROXY_ROUTES.token) await tokenEndpoint(req, res);
      else if (path === PROXY_ROUTES.authorization && req.method === 'GET') await authorize(req, res, url);
      else if (path.startsWith(CONSENT_PATH_PREFIX)) await consent(req, res);
      else if (path === UPSTREAM_CALLBACK_PATH) await callback(req, res);
      else await oidc(req, res);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else if (error instanceof ProxyOAuthError) sendJson(res, error.status, error.toResponseObject(), error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) });
      else {
        options.onError?.(`proxy route ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
        sendJson(res, 500, { error: 'server_error' });
      }
    }
    return true;
  };

  return {
    handle,
    verifyProxyAccessToken: createProxyTokenVerifier({
      issuer,
      mcpResource: options.mcpResource,
      jwks: publicJwks(options.signingKeys) as never,
      algorithms,
      clockSkewSeconds: options.clockSkewSeconds ?? 60,
      store,
      now: clock,
    }),
    authorizationServers: [issuer],
    scopesSupported: [scopeValue],
  };
}
