import { timingSafeEqual } from 'node:crypto';
import { EntraError } from './entra-error.ts';
import { checkResourceParameter, parseEntraScope, type ApiResource } from './entra-scopes.ts';
import type { LocalClient, LocalRedirectUri } from './local-clients.ts';
import { matchRedirectUri } from './redirect-match.ts';

/** What the checks know about the tenant. */
export interface TenantView {
  readonly api: ApiResource;
  readonly clients: readonly LocalClient[];
  /** The API app's client secret, when one exists (confidential token requests). */
  readonly clientSecret: string | undefined;
}

type Params = Readonly<Record<string, string | undefined>>;

function findClient(clientId: string | undefined, tenant: TenantView): LocalClient {
  if (clientId === undefined || clientId === '') {
    throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  }
  const client = tenant.clients.find((c) => c.clientId === clientId.toLowerCase());
  if (client === undefined) {
    throw new EntraError('unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.api.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  return client;
}

/** The authorize request's client and redirect, once Entra would trust them enough to redirect errors. */
export interface TrustedAuthorizeRequest {
  readonly client: LocalClient;
  readonly redirect: LocalRedirectUri;
}

/**
 * Pure, step 1 of `/authorize`: the client and the redirect URI. Failures here are shown
 * on Entra's error page, never redirected (the redirect is not trusted yet): 700016
 * unknown client, 50011 unregistered redirect URI.
 */
export function checkAuthorizeClient(params: Params, tenant: TenantView): TrustedAuthorizeRequest {
  const client = findClient(params.client_id, tenant);
  const requested = params.redirect_uri;
  const redirect = requested === undefined ? client.redirectUris[0] : matchRedirectUri(requested, client.redirectUris);
  if (redirect === undefined) {
    throw new EntraError('invalid_request', 50011, `The redirect URI '${requested ?? ''}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`);
  }
  return { client, redirect };
}

/**
 * Pure, step 2 of `/authorize` (and `/devicecode`): scopes and `resource`. Failures here
 * go back to the client (redirected for `/authorize`, JSON for `/devicecode`).
 */
export function checkScopeAndResource(params: Params, client: LocalClient, tenant: TenantView): void {
  const scopes = parseEntraScope(params.scope, client, tenant.api);
  checkResourceParameter(params.resource, scopes, tenant.api);
}

/** Pure: `/devicecode`. Returns the client; throws EntraError. */
export function checkDeviceCodeRequest(params: Params, tenant: TenantView): LocalClient {
  const client = findClient(params.client_id, tenant);
  checkScopeAndResource(params, client, tenant);
  return client;
}

/**
 * How the client authenticated at the token endpoint: Entra's `azpacr` (0 public, 1 secret,
 * 2 certificate or client assertion; https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
export type ClientAuthentication = 0 | 1 | 2;

function secretMatches(presented: string, expected: string | undefined): boolean {
  if (expected === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What each grant must carry besides `client_id`, as Entra checks it (AADSTS900144). */
const REQUIRED_BY_GRANT: Readonly<Record<string, readonly string[]>> = {
  authorization_code: ['code', 'redirect_uri'],
  refresh_token: ['refresh_token'],
  'urn:ietf:params:oauth:grant-type:device_code': ['device_code'],
};

function requireParameters(params: Params): void {
  for (const name of ['grant_type', ...(REQUIRED_BY_GRANT[params.grant_type ?? ''] ?? [])]) {
    if (params[name] === undefined || params[name] === '') {
      // https://learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS900144 names the missing parameter; oidc-provider's
      // own answer would be a generic invalid_request.
      throw new EntraError('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
    }
  }
}

/**
 * Pure: `/token`. Decides, as Entra does, whether this request must carry the client
 * secret: a code issued to a `web` redirect URI demands one (AADSTS7000218 without,
 * 7000215 when wrong), a device code for an app without "allow public client flows"
 * too; a public client that presents one anyway gets AADSTS700025. `secret` is the
 * `client_secret` form field or the Basic password, whichever came; `assertionVerified`
 * says a client assertion came and the front layer found it good (verify-client-assertion.ts).
 */
export function checkTokenRequest(params: Params, secret: string | undefined, tenant: TenantView, assertionVerified = false): { client: LocalClient; azpacr: ClientAuthentication } {
  const client = findClient(params.client_id, tenant);
  requireParameters(params);
  if (params.scope !== undefined) {
    const scopes = parseEntraScope(params.scope, client, tenant.api);
    checkResourceParameter(params.resource, scopes, tenant.api);
  } else {
    checkResourceParameter(params.resource, undefined, tenant.api);
  }
  const grant = params.grant_type;
  const redirect = params.redirect_uri === undefined ? undefined : matchRedirectUri(params.redirect_uri, client.redirectUris);
  const confidential =
    client.isApi &&
    ((grant === 'authorization_code' && redirect?.platform === 'web') ||
      (grant === 'urn:ietf:params:oauth:grant-type:device_code' && !client.allowPublicClientFlows) ||
      (grant === 'refresh_token' && (secret !== undefined || assertionVerified)));
  if (!confidential) {
    if (secret !== undefined || assertionVerified) {
      throw new EntraError('invalid_client', 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
    }
    return { client, azpacr: 0 };
  }
  if (assertionVerified) return { client, azpacr: 2 };
  if (secret === undefined) {
    throw new EntraError('invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (!secretMatches(secret, tenant.clientSecret)) {
    throw new EntraError('invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${client.clientId}'.`);
  }
  return { client, azpacr: 1 };
}
