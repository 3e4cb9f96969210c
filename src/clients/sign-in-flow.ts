import { decodeJwt } from 'jose';
import * as oc from 'openid-client';
import { appRegistration, SIGN_IN_REDIRECT_URI, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { isEntraAuthorizationServer } from './authority.ts';
import { ClientError, OAuthError } from './client-errors.ts';
import { discoverAuthorizationServer } from './discover-authorization-server.ts';
import { discoverProtectedResource } from './discover-protected-resource.ts';
import { listenForCallback } from './loopback-callback.ts';
import { callMcpWithToken, type McpSessionResult } from './mcp-session.ts';
import type { Fetch } from './oauth-http.ts';
import { openIdClientConfiguration } from './openid-client-configuration.ts';
import { scopeForClient } from './scope-for-client.ts';

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
  /** The client to sign in as; the app registration's own client id by default. */
  readonly clientId: string;
  /** The app registration's client id, to tell whether the client is the app itself. */
  readonly apiClientId: string;
  /** Read only where the registration makes the sign-in client confidential. */
  readonly clientSecret?: string | undefined;
  /** Default `http://localhost:8090/callback`, as registered. */
  readonly redirectUri?: string;
  /** Port to listen on for the callback instead of the redirect URI's (0: any; tests). */
  readonly callbackPort?: number;
  /** Shows the authorization URL to the user: opens a browser, or prints it. */
  readonly openAuthorizationUrl: (url: string) => Promise<void> | void;
  readonly onPhase?: (phase: SignInPhase) => void;
  readonly fetch?: Fetch;
  /** The clock, for `expiresAt` (milliseconds since the epoch). */
  readonly now?: () => number;
  readonly registration?: AppRegistrationDescription;
  readonly signal?: AbortSignal;
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
export function isConfidentialSignIn(clientId: string, apiClientId: string, redirectUri: string, registration: AppRegistrationDescription = appRegistration): boolean {
  if (clientId.toLowerCase() !== apiClientId.toLowerCase()) return false;
  const registered = registration.redirectUris.find((r) => r.uri === redirectUri || (new URL(r.uri).pathname === new URL(redirectUri).pathname && new URL(r.uri).hostname === new URL(redirectUri).hostname));
  return registered?.platform === 'web';
}

function cancelled(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(new ClientError('cancelled', 'the sign-in was cancelled')), { once: true });
  });
}

/**
 * The discovering sign-in: from the server's 401 to the authorization server, then
 * Authorization Code + PKCE (S256) with state and nonce on a loopback redirect, the code
 * exchanged as a public client (or with the secret where the registration is
 * confidential), then `initialize`, `tools/list` and `whoami` over MCP. `resource`
 * (RFC 8707) is sent only to a server that is not Entra: Entra answers it with
 * AADSTS9010010 (or 901002), naming the resource in the scope instead.
 */
export async function signIn(options: SignInOptions): Promise<SignInResult> {
  const fetchImpl = options.fetch ?? fetch;
  const report = options.onPhase ?? (() => undefined);
  const mcpUrl = `${options.serverUrl.replace(/\/+$/, '')}/mcp`;

  const pr = await discoverProtectedResource(fetchImpl, mcpUrl);
  report({ phase: 'challenge', mcpUrl, status: pr.status, resourceMetadataUrl: pr.resourceMetadataUrl, scope: pr.challenge.scope });
  const scopesSupported = pr.metadata.scopes_supported ?? [];
  report({ phase: 'resource-metadata', resource: pr.metadata.resource, authorizationServers: pr.metadata.authorization_servers, scopesSupported });

  const issuer = pr.metadata.authorization_servers[0]!;
  const as = await discoverAuthorizationServer(fetchImpl, issuer);
  const entra = isEntraAuthorizationServer(as.metadata);
  report({ phase: 'authorization-server', issuer, discoveryUrl: as.discoveryUrl, kind: as.kind, entra });

  const apiScopes = (pr.challenge.scope ?? scopesSupported.join(' ')).split(' ').filter((s) => s !== '');
  if (apiScopes.length === 0) throw new ClientError('protocol', `${mcpUrl} names no scope to ask for (neither the challenge nor the metadata)`);
  const scope = ['openid', 'profile', 'offline_access', ...apiScopes.map((s) => scopeForClient(s, options.clientId))].join(' ');

  const redirectUri = options.redirectUri ?? SIGN_IN_REDIRECT_URI;
  const confidential = isConfidentialSignIn(options.clientId, options.apiClientId, redirectUri, options.registration);
  if (confidential && options.clientSecret === undefined) {
    throw new ClientError('config', `the registration puts ${redirectUri} on the Web platform, so Entra demands the client secret: set AZURE_CLIENT_SECRET in .env`);
  }
  const config = await openIdClientConfiguration(issuer, as.metadata, options.clientId, confidential ? oc.ClientSecretPost(options.clientSecret!) : oc.None(), fetchImpl);

  const callback = await listenForCallback(redirectUri, options.callbackPort);
  try {
    const verifier = oc.randomPKCECodeVerifier();
    const state = oc.randomState();
    const nonce = oc.randomNonce();
    const params: Record<string, string> = {
      redirect_uri: callback.redirectUri,
      scope,
      code_challenge: await oc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (!entra) params.resource = pr.metadata.resource;
    const url = oc.buildAuthorizationUrl(config, params).href;
    report({ phase: 'authorize', url, clientId: options.clientId, redirectUri: callback.redirectUri, scope, confidential, sendsResource: !entra });
    await options.openAuthorizationUrl(url);

    const arrived = await Promise.race([callback.received, cancelled(options.signal)]);
    const error = arrived.searchParams.get('error');
    if (error !== null) {
      const request = `GET ${as.metadata.authorization_endpoint}`;
      throw new OAuthError({ error, error_description: arrived.searchParams.get('error_description') ?? '' }, 302, request);
    }
    let tokens;
    try {
      tokens = await oc.authorizationCodeGrant(config, arrived, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }, entra ? undefined : { resource: pr.metadata.resource });
    } catch (cause) {
      if (cause instanceof oc.ResponseBodyError) {
        throw new OAuthError({ error: cause.error, error_description: cause.error_description ?? '', error_codes: (cause.cause as { error_codes?: number[] }).error_codes ?? [] }, cause.status, `POST ${as.metadata.token_endpoint}`);
      }
      throw new ClientError('protocol', `the code exchange failed: ${(cause as Error).message}`, `POST ${as.metadata.token_endpoint}`, { cause });
    }
    const claims = decodeJwt(tokens.access_token) as Record<string, unknown>;
    const expiresAt = new Date((options.now ?? Date.now)() + (tokens.expiresIn() ?? 3600) * 1000);
    report({ phase: 'token', expiresAt, audience: claims.aud, scp: claims.scp, name: claims.name });
    const mcp = await callMcpWithToken(mcpUrl, tokens.access_token, fetchImpl);
    report({ phase: 'mcp', result: mcp });
    return { accessToken: tokens.access_token, expiresAt, claims, mcp };
  } finally {
    await callback.close();
  }
}
