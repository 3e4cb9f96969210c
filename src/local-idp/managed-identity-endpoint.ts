import type { IncomingMessage, ServerResponse } from 'node:http';
import { importJWK, SignJWT } from 'jose';
import type { JWK } from 'oidc-provider';

/** A user-assigned managed identity the local host has: its client id and its principal (object) id. */
export interface LocalManagedIdentity {
  readonly clientId: string;
  readonly principalId: string;
}

/** What the endpoint is built from. */
export interface ManagedIdentityEndpointSetup {
  readonly identities: readonly LocalManagedIdentity[];
  /** The `X-IDENTITY-HEADER` value callers must send (`IDENTITY_HEADER`). */
  readonly header: string;
  /** The tenant's v2 issuer: managed identity tokens are issued by the tenant. */
  readonly issuer: string;
  readonly tenantId: string;
  /** The provider's private signing key (its public half is in the tenant's JWKS). */
  readonly signingKey: JWK;
  /** Token lifetime in seconds (default one hour). */
  readonly lifetimeSeconds?: number;
  readonly now?: () => number;
}

/** The path the endpoint answers at: Container Apps' `IDENTITY_ENDPOINT` is `http://localhost:42356/msi/token`. */
export const MANAGED_IDENTITY_PATH = '/msi/token';

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * A stand-in for Container Apps' managed identity endpoint
 * (https://learn.microsoft.com/azure/container-apps/managed-identity#rest-endpoint-reference):
 * `GET ?api-version=2019-08-01&resource=...&client_id=...` with `X-IDENTITY-HEADER` answers
 * `{access_token, expires_on, resource, token_type, client_id}`, `expires_on` in epoch seconds
 * as a string. The token is a JWT the tenant signs, `sub` the identity's principal id and `aud`
 * the requested resource: what a federated credential on an app matches. Refusals follow App
 * Service's shape `{statusCode, message}` (the Container Apps page documents none): 401 for a
 * missing or wrong header, 400 for an unknown identity or a missing parameter
 * (REPORTED message from App Service: https://github.com/Azure-Samples/azure-search-openai-demo/issues/2148).
 */
export function createManagedIdentityEndpoint(setup: ManagedIdentityEndpointSetup) {
  const now = setup.now ?? Date.now;
  const lifetime = setup.lifetimeSeconds ?? 3600;
  const key = importJWK(setup.signingKey as import('jose').JWK, 'RS256');
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET') return answer(res, 405, { statusCode: 405, message: 'Only GET is supported.' });
    if (req.headers['x-identity-header'] !== setup.header) return answer(res, 401, { statusCode: 401, message: 'Unauthorized: the X-IDENTITY-HEADER header is missing or wrong.' });
    if (url.searchParams.get('api-version') !== '2019-08-01') return answer(res, 400, { statusCode: 400, message: "The api-version query parameter must be '2019-08-01'." });
    const resource = url.searchParams.get('resource');
    if (resource === null || resource === '') return answer(res, 400, { statusCode: 400, message: 'The resource query parameter is required.' });
    const clientId = url.searchParams.get('client_id')?.toLowerCase();
    const identity = setup.identities.find((i) => i.clientId === clientId);
    if (identity === undefined) return answer(res, 400, { statusCode: 400, message: 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.' });
    const issuedAt = Math.floor(now() / 1000);
    const token = await new SignJWT({ oid: identity.principalId, tid: setup.tenantId, azp: identity.clientId, idtyp: 'app', ver: '2.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: String(setup.signingKey.kid) })
      .setIssuer(setup.issuer)
      .setSubject(identity.principalId)
      .setAudience(resource)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .sign(await key);
    answer(res, 200, { access_token: token, expires_on: String(issuedAt + lifetime), resource, token_type: 'Bearer', client_id: identity.clientId });
  };
}
