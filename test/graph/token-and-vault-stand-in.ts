/**
 * Entra's v2 token endpoint (client credentials only) and Key Vault's set-secret, as far as
 * `rotate-secret` uses them. Both read the same directory as the Graph stand-in.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/microsoft-graph-types';
import { SignJWT, generateKeyPair } from 'jose';
import { byClientId, type Directory } from './directory.ts';

export interface TokenFaults {
  /** Token requests with a just-added secret refused with 7000215 first (secret propagation). */
  propagationDelay: number;
  /** Called on a token request instead of answering (tests kill the client here). */
  crash?: () => void;
  /**
   * A 200 that proves nothing, as any listener could answer: `opaque` (not a JWT), `other-key`
   * (signed by a key the JWKS does not publish), `other-client` / `other-tenant` (wrong claims).
   */
  forge?: 'opaque' | 'other-key' | 'other-client' | 'other-tenant';
}

export interface VaultFaults {
  /** 403 ForbiddenByRbac: the signed-in account lacks Key Vault Secrets Officer. */
  forbid: boolean;
  /** Secret names deleted but not purged (soft delete): setting one is a 409 until it is recovered or purged. */
  readonly softDeleted: Set<string>;
}

/** Entra's error JSON (https://learn.microsoft.com/entra/identity-platform/reference-error-codes): `error`, `error_description` with trace lines, `error_codes`, … */
function entraError(status: number, error: string, code: number, text: string): Response {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const body = {
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' } });
}

/** `POST /{tenant}/oauth2/v2.0/token` with `grant_type=client_credentials`. */
export async function handleTokenRequest(directory: Directory, faults: TokenFaults, request: Request, tenant: string): Promise<Response> {
  if (faults.crash !== undefined) faults.crash();
  const form = new URLSearchParams(await request.text());
  const clientId = form.get('client_id') ?? '';
  if (form.get('grant_type') !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  const app = tenant === directory.tenantId ? byClientId(directory, clientId) : undefined;
  if (app === undefined) {
    return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  // Entra issues tokens only to a client with a service principal in the tenant: an app
  // registration alone gets 401 invalid_client AADSTS7000229 (sample response in
  // learn.microsoft.com/microsoftteams/platform/teams-sdk/teams/app-authentication/troubleshooting).
  if (![...directory.servicePrincipals.values()].some((sp) => sp.appId === clientId)) {
    return entraError(401, 'invalid_client', 7000229, `The client application ${clientId} is missing service principal in the tenant ${tenant}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`);
  }
  const secret = form.get('client_secret');
  if (secret === null) return entraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  const scope = form.get('scope') ?? '';
  // Client credentials take exactly one `{resource}/.default` (REPORTED AADSTS1002012 text, e.g.
  // in MSAL users' bug reports); a resource with no service principal here is 500011 (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
  if (scope.trim().split(/\s+/).length !== 1 || !scope.endsWith('/.default')) {
    return entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resource = scope.slice(0, -'/.default'.length);
  const resourceApp = [...directory.applications.values()].find((a) => a.appId === resource || (a.identifierUris ?? []).includes(resource));
  const known = resourceApp !== undefined && [...directory.servicePrincipals.values()].some((sp) => sp.appId === resourceApp.appId);
  if (!known) {
    return entraError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
  }
  if (resource !== clientId && (app.identifierUris ?? []).includes(resource)) {
    return entraError(400, 'invalid_request', 90009, `Application '${clientId}'(${app.displayName}) is requesting a token for itself. This scenario is supported only if resource is specified using the GUID based App Identifier.`);
  }
  const matching = (app.passwordCredentials ?? []).find((p) => directory.secrets.get(p.keyId as string) === secret);
  const now = directory.now().getTime();
  if (matching !== undefined && faults.propagationDelay > 0 && now - Date.parse(matching.startDateTime as string) < 120_000) {
    faults.propagationDelay--;
    return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  if (matching === undefined) {
    return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
  }
  if (Date.parse(matching.endDateTime as string) <= now) {
    return entraError(401, 'invalid_client', 7000222, `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app.`);
  }
  const accessToken = await appToken(directory, app, new URL(request.url).origin, faults.forge);
  return new Response(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken }), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
  });
}

/**
 * The app-only token Entra issues for `{clientId}/.default`: a v2 token (`azp`, issuer
 * `{host}/{tid}/v2.0`) when the app asks for v2 tokens, else v1 (`appid`, issuer
 * `https://sts.windows.net/{tid}/`), per
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference.
 */
async function appToken(directory: Directory, app: Application, origin: string, forge: TokenFaults['forge']): Promise<string> {
  if (forge === 'opaque') return randomBytes(32).toString('base64url');
  const clientId = app.appId as string;
  const v2 = app.api?.requestedAccessTokenVersion === 2;
  const tid = forge === 'other-tenant' ? randomUUID() : directory.tenantId;
  const client = forge === 'other-client' ? randomUUID() : clientId;
  const claims = v2 ? { azp: client, azpacr: '1', ver: '2.0' } : { appid: client, appidacr: '1', ver: '1.0' };
  const key = forge === 'other-key' ? (await generateKeyPair('RS256')).privateKey : directory.signingKey.privateKey;
  const now = Math.floor(directory.now().getTime() / 1000);
  return new SignJWT({ ...claims, tid, idtyp: 'app', oid: randomUUID(), sub: randomUUID() })
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: directory.signingKey.kid })
    .setIssuer(v2 ? `${origin}/${tid}/v2.0` : `https://sts.windows.net/${tid}/`)
    .setAudience(clientId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3599)
    .sign(key);
}

/**
 * `GET /{tenant}/v2.0/.well-known/openid-configuration` and `GET /{tenant}/discovery/v2.0/keys`
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc). An unknown tenant
 * gets Entra's 400 `invalid_tenant` AADSTS90002.
 */
export function handleDiscoveryRequest(directory: Directory, origin: string, tenant: string, what: 'configuration' | 'keys'): Response {
  if (tenant !== directory.tenantId) {
    return entraError(400, 'invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
  if (what === 'keys') {
    const { kid, publicJwk } = directory.signingKey;
    return json({ keys: [{ kty: 'RSA', use: 'sig', kid, n: publicJwk.n, e: publicJwk.e, issuer: `${origin}/${tenant}/v2.0` }] });
  }
  return json({
    issuer: `${origin}/${tenant}/v2.0`,
    authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
    token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
    jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
    id_token_signing_alg_values_supported: ['RS256'],
  });
}

/**
 * Key Vault's error body: `{"error":{"code","message","innererror":{"code"}}}`: `innererror`
 * in lower case, unlike Graph's `innerError` (Azure/azure-sdk-for-js Key Vault generated
 * mappers: `innerError` has `serializedName: "innererror"`).
 */
function vaultError(status: number, code: string, message: string, inner?: string, headers: Record<string, string> = {}): Response {
  const error = { code, message, ...(inner === undefined ? {} : { innererror: { code: inner } }) };
  return new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** `PUT /secrets/{name}?api-version=7.4` (Key Vault REST "Set Secret"): 200 with the secret bundle. */
export async function handleVaultRequest(directory: Directory, faults: VaultFaults, request: Request, vaultUrl: string): Promise<Response> {
  const url = new URL(request.url);
  const name = decodeURIComponent(url.pathname.replace(/^\/secrets\//, ''));
  if (request.headers.get('authorization') !== `Bearer ${directory.keyVaultToken}`) {
    return vaultError(401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.', undefined, {
      'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${directory.tenantId}", resource="https://vault.azure.net"`,
    });
  }
  if (request.method !== 'PUT' || url.searchParams.get('api-version') === null) return vaultError(400, 'BadParameter', 'The request URI contains an invalid name or api-version.');
  if (faults.forbid) {
    return vaultError(403, 'Forbidden', "Caller is not authorized to perform action on resource.\r\nAction: 'Microsoft.KeyVault/vaults/secrets/setSecret/action'\r\nDecisionReason: 'DeniedWithNoValidRBAC'", 'ForbiddenByRbac');
  }
  if (faults.softDeleted.has(name)) {
    // Soft delete keeps the name (REPORTED: Azure SDK samples and tests handling ObjectIsDeletedButRecoverable).
    return vaultError(409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`, 'ObjectIsDeletedButRecoverable');
  }
  const body = (await request.json()) as { value?: string; contentType?: string; attributes?: Record<string, unknown>; tags?: Record<string, string> };
  if (typeof body.value !== 'string') return vaultError(400, 'BadParameter', 'Property value is required.');
  const version = randomBytes(16).toString('hex');
  const created = Math.floor(directory.now().getTime() / 1000);
  directory.vault.set(name, [...(directory.vault.get(name) ?? []), { value: body.value, version, created }]);
  const bundle = {
    value: body.value,
    ...(body.contentType === undefined ? {} : { contentType: body.contentType }),
    id: `${vaultUrl}/secrets/${name}/${version}`,
    attributes: { enabled: true, ...(body.attributes ?? {}), created, updated: created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
    ...(body.tags === undefined ? {} : { tags: body.tags }),
  };
  return new Response(JSON.stringify(bundle), { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
