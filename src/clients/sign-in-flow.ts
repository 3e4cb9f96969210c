import * as oc from 'openid-client';
import { appRegistration, SIGN_IN_REDIRECT_URI, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { accessTokenClaims } from './access-token-claims.ts';
import { authorizeInBrowser } from './authorize-in-browser.ts';
import { ClientError } from './client-errors.ts';
import { discoverAuthorizationServer } from './discover-authorization-server.ts';
import { discoverProtectedResource } from './discover-protected-resource.ts';
import { fromOpenIdClientError } from './from-openid-client-error.ts';
import { listenForCallback } from './loopback-callback.ts';
import { callMcpWithToken, type McpSessionResult } from './mcp-session.ts';
import { requestScopes } from './oidc-scopes.ts';
import { scopeForClient } from './scope-for-client.ts';
import { timedFetch, type Fetch } from './timed-fetch.ts';
import { preRegisteredClientAuth } from './token-endpoint-auth.ts';

/** One step of the sign-in, as reported while it runs. */
export type SignInPhase =
  | { phase: 'challenge'; mcpUrl: string; status: number; resourceMetadataUrl: string; scope: string | undefined }
  | { phase: 'resource-metadata'; resource: string; authorizationServers: readonly string[]; scopesSupported: readonly string[] }
  | { phase: 'authorization-server'; issuer: string; discoveryUrl: string; kind: 'openid' | 'oauth'; entra: boolean }
  | { phase: 'authorize'; url: string; clientId: string; redirectUri: string; scope: string; confidential: boolean; sendsResource: boolean }
  | { phase: 'token'; expiresAt: Date; audience: unknown; scp: unknown; name: unknown }
  | { phase: 'mcp'; result: McpSessionResult };

/** Options of {@link signIn}. */
export interface SignInOptions {
  /** The server's origin, e.g. `http://localhost:8000`; the MCP endpoint is `{serverUrl}/mcp`. */
  readonly serverUrl: string;
  /** The client to sign in as. */
  readonly clientId: string;
  /** The app registration's client id, when known, to tell whether the client is the app itself. */
  readonly apiClientId?: string | undefined;
  /** The Entra app's secret: read only where the registration makes the sign-in client confidential. */
  readonly clientSecret?: string | undefined;
  /**
   * The secret of a client pre-registered with an authorization server that is not Entra,
   * sent the way that server's metadata asks ({@link preRegisteredClientAuth}). Kept apart
   * from `clientSecret` so the Entra app's secret never reaches another server.
   */
  readonly preRegisteredClientSecret?: string | undefined;
  /** Default `http://localhost:8090/callback`, as registered. */
  readonly redirectUri?: string;
  /** Port to listen on for the callback instead of the redirect URI's (0: any; tests). */
  readonly callbackPort?: number;
  /** How long to wait for the browser to come back (default 5 minutes). */
  readonly callbackTimeoutMs?: number;
  /** Shows the authorization URL to the user: opens a browser, or prints it. */
  readonly openAuthorizationUrl: (url: string) => Promise<void> | void;
  /** Called with the authorization server the resource names, before anything is sent to it (throw to stop). */
  readonly checkAuthorizationServer?: (issuer: string) => void;
  readonly onPhase?: (phase: SignInPhase) => void;
  readonly fetch?: Fetch;
  /** The clock, for `expiresAt` (milliseconds since the epoch). */
  readonly now?: () => number;
  readonly registration?: AppRegistrationDescription;
  readonly signal?: AbortSignal | undefined;
}

/** The outcome of {@link signIn}. */
export interface SignInResult {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly claims: Record<string, unknown>;
  readonly mcp: McpSessionResult;
}

/**
 * Pure: whether the sign-in client must authenticate with a secret. Entra demands one
 * when the redirect URI sits on the Web platform (AADSTS7000218) and refuses one from a
 * public client (AADSTS700025), so this follows the one description of the registration.
 * Only the app's own client id has a registration of ours; other clients are public.
 */
export function isConfidentialSignIn(clientId: string, apiClientId: string | undefined, redirectUri: string, registration: AppRegistrationDescription = appRegistration): boolean {
  if (apiClientId === undefined || clientId.toLowerCase() !== apiClientId.toLowerCase()) return false;
  const registered = registration.redirectUris.find((r) => r.uri === redirectUri || (new URL(r.uri).pathname === new URL(redirectUri).pathname && new URL(r.uri).hostname === new URL(redirectUri).hostname));
  return registered?.platform === 'web';
}

/**
 * The discovering sign-in, as an MCP client does it: from the server's 401 to its RFC 9728
 * metadata (refused unless it describes the URL called) and the authorization server it
 * names (no tenant needed), then Authorization Code + PKCE (S256) with state on a loopback
 * redirect, exchanged as a public client (or with the secret where the registration is
 * confidential), then `initialize`, `tools/list` and `whoami` over MCP. It asks for the
 * scopes the server advertises (none if it advertises none), `offline_access` only where
 * the authorization server lists it, and no ID token. `resource` (RFC 8707) is sent only to
 * a server that is not Entra: Entra answers it with AADSTS9010010 unless it is an
 * identifier URI of the app, naming the resource in the scope instead.
 */
export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const fetchImpl = timedFetch(options.fetch ?? fetch);
  const report = options.onPhase ?? (() => undefined);
  const mcpUrl = `${options.serverUrl.replace(/\/+$/, '')}/mcp`;

  const pr = await discoverProtectedResource(fetchImpl, mcpUrl);
  report({ phase: 'challenge', mcpUrl, status: pr.status, resourceMetadataUrl: pr.resourceMetadataUrl, scope: pr.challenge.scope });
  const scopesSupported = pr.metadata.scopes_supported ?? [];
  report({ phase: 'resource-metadata', resource: pr.metadata.resource, authorizationServers: pr.metadata.authorization_servers, scopesSupported });

  const issuer = pr.metadata.authorization_servers[0]!;
  options.checkAuthorizationServer?.(issuer);
  const redirectUri = options.redirectUri ?? SIGN_IN_REDIRECT_URI;
  const confidential = isConfidentialSignIn(options.clientId, options.apiClientId, redirectUri, options.registration);
  if (confidential && options.clientSecret === undefined) {
    throw new ClientError('config', `the registration puts ${redirectUri} on the Web platform, so Entra demands the client secret`, undefined, { advice: ['set AZURE_CLIENT_SECRET in .env'] });
  }
  const preRegistered = !confidential && options.preRegisteredClientSecret !== undefined;
  const clientAuth = confidential ? oc.ClientSecretPost(options.clientSecret!) : preRegistered ? preRegisteredClientAuth(options.preRegisteredClientSecret!) : oc.None();
  const as = await discoverAuthorizationServer(issuer, { clientId: options.clientId, clientAuth, fetch: fetchImpl });
  report({ phase: 'authorization-server', issuer, discoveryUrl: as.discoveryUrl, kind: as.kind, entra: as.entra });

  const apiScopes = (pr.challenge.scope ?? scopesSupported.join(' ')).split(' ').filter((s) => s !== '');
  // Signing in as the API itself (its own client id, sign-in's default): a scope named under the resource needs the GUID form too (AADSTS90009).
  const self = options.apiClientId === undefined || options.apiClientId.toLowerCase() === options.clientId.toLowerCase();
  const scope = requestScopes(apiScopes.map((s) => scopeForClient(s, options.clientId, self ? pr.metadata.resource : undefined)), { offlineAccess: true, advertised: as.metadata.scopes_supported ?? [] });

  const callback = await listenForCallback(redirectUri, options.callbackPort);
  try {
    const verifier = oc.randomPKCECodeVerifier();
    const state = oc.randomState();
    const params: Record<string, string> = { redirect_uri: callback.redirectUri, code_challenge: await oc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state };
    if (scope !== '') params.scope = scope;
    if (!as.entra) params.resource = pr.metadata.resource;
    const url = oc.buildAuthorizationUrl(as.config, params).href;
    report({ phase: 'authorize', url, clientId: options.clientId, redirectUri: callback.redirectUri, scope, confidential: confidential || preRegistered, sendsResource: !as.entra });
    const arrived = await authorizeInBrowser({ authorizationUrl: url, callback, open: options.openAuthorizationUrl, fetch: fetchImpl, signal: options.signal, ...(options.callbackTimeoutMs === undefined ? {} : { timeoutMs: options.callbackTimeoutMs }) });

    let tokens;
    try {
      tokens = await oc.authorizationCodeGrant(as.config, arrived, { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: false }, as.entra ? undefined : { resource: pr.metadata.resource });
    } catch (cause) {
      throw fromOpenIdClientError(cause, `POST ${as.metadata.token_endpoint}`);
    }
    const claims = accessTokenClaims(tokens.access_token);
    const expiresAt = new Date((options.now ?? Date.now)() + (tokens.expiresIn() ?? 3600) * 1000);
    report({ phase: 'token', expiresAt, audience: claims.aud, scp: claims.scp, name: claims.name });
    const mcp = await callMcpWithToken(mcpUrl, tokens.access_token, fetchImpl);
    report({ phase: 'mcp', result: mcp });
    return { accessToken: tokens.access_token, expiresAt, claims, mcp };
  } finally {
    await callback.close();
  }
}
