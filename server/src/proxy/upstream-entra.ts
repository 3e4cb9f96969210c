import * as client from 'openid-client';
import { isLoopbackHttpUrl } from '../entra/index.ts';

/**
 * The app's credential at Entra's token endpoint: its client secret, or a client assertion
 * (secretless: a managed identity's token that a federated credential on the app trusts),
 * fetched for each token request since it expires.
 */
export type UpstreamCredential = { readonly clientSecret: string } | { readonly clientAssertion: () => Promise<string> };

/** The app registration the proxy signs people in with, at Entra. */
export type UpstreamOptions = UpstreamCredential & UpstreamTarget;

/** Where and as what the proxy signs people in. */
export interface UpstreamTarget {
  /** `https://login.microsoftonline.com`, a sovereign cloud, or the local provider on loopback. */
  readonly authorityHost: string;
  /** A tenant GUID or domain. */
  readonly tenantId: string;
  readonly clientId: string;
  /**
   * The API scope to ask Entra for. The proxy is the app asking for a token for itself, so
   * Entra takes only the GUID form here, `{clientId}/access_as_user`; the `api://` form is
   * AADSTS90009 (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
   */
  readonly scope: string;
}

/** What the proxy keeps from Entra's token response; it never leaves the server. */
export interface UpstreamTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Seconds. */
  readonly expiresIn: number | undefined;
}

/** The proxy's side of the authorization code flow with Entra. */
export interface UpstreamEntra {
  authorizationUrl(request: { redirectUri: string; state: string; codeChallenge: string; prompt?: string | undefined; loginHint?: string | undefined }): URL;
  /** Redeems the code in Entra's redirect (`callbackUrl`); throws when Entra refuses or `state` differs. */
  redeem(callbackUrl: URL, checks: { state: string; codeVerifier: string }): Promise<UpstreamTokens>;
  /** Redeems Entra's refresh token (with the app's credential); throws when Entra refuses. */
  refresh(refreshToken: string): Promise<UpstreamTokens>;
}

/**
 * Pure: why a redemption or refresh failed, for the server's log: Entra's `error` and the
 * first line of its `error_description` (the AADSTS code and message, never a token), or a
 * managed identity endpoint's own error (managed-identity-token-source.ts).
 */
export function describeUpstreamFailure(error: unknown): string {
  const e = (error ?? {}) as { error?: unknown; code?: unknown; error_description?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.error === 'string' ? e.error : typeof e.code === 'string' ? e.code : 'error';
  const detail = typeof e.error_description === 'string' ? e.error_description.split(/\r?\n/)[0] : e.name === 'ManagedIdentityTokenError' ? e.message : undefined;
  return typeof detail === 'string' && detail !== '' ? `${code} (${detail.slice(0, 400)})` : code;
}

/**
 * openid-client's client authentication hook for a client assertion someone else signs
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-access-token-with-a-certificate-credential;
 * RFC 7523 §2.2). The hook may be async: oauth4webapi awaits it before every token request
 * (its own `PrivateKeyJwt` signs there), so code redemption and refresh each get a fresh one.
 */
function clientAssertion(assertion: () => Promise<string>): client.ClientAuth {
  return async (_as, metadata, body) => {
    body.set('client_id', metadata.client_id);
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', await assertion());
  };
}

/**
 * Builds the Entra client from known endpoints rather than discovery
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), so
 * nothing is fetched at startup. No `openid` scope is asked: the proxy verifies the
 * access token, so it needs no ID token (and none whose issuer would differ for a
 * tenant named by its domain). `resource` is never sent: Entra names the API in the scope.
 */
export function createUpstreamEntra(options: UpstreamOptions, fetchImpl?: typeof fetch): UpstreamEntra {
  const base = `${options.authorityHost.replace(/\/+$/, '')}/${options.tenantId}`;
  const config = new client.Configuration(
    {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
    },
    options.clientId,
    undefined,
    'clientSecret' in options ? client.ClientSecretPost(options.clientSecret) : clientAssertion(options.clientAssertion),
  );
  // Plain http only for the local identity provider on loopback.
  if (isLoopbackHttpUrl(base)) client.allowInsecureRequests(config);
  if (fetchImpl !== undefined) config[client.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  const scope = `${options.scope} offline_access`;

  return {
    authorizationUrl({ redirectUri, state, codeChallenge, prompt, loginHint }) {
      const params: Record<string, string> = { redirect_uri: redirectUri, scope, state, code_challenge: codeChallenge, code_challenge_method: 'S256', response_type: 'code' };
      if (prompt !== undefined) params['prompt'] = prompt;
      if (loginHint !== undefined) params['login_hint'] = loginHint;
      return client.buildAuthorizationUrl(config, params);
    },
    async redeem(callbackUrl, checks) {
      const answer = await client.authorizationCodeGrant(config, callbackUrl, { expectedState: checks.state, pkceCodeVerifier: checks.codeVerifier });
      return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresIn: answer.expires_in };
    },
    async refresh(refreshToken) {
      const answer = await client.refreshTokenGrant(config, refreshToken, { scope });
      return { accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresIn: answer.expires_in };
    },
  };
}
