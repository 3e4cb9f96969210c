import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { isGuid } from '../../server/src/entra/guid.ts';
import { fetchWithTimeout, REQUEST_TIMEOUT_MS, RequestFailedError } from '../shared/fetch-with-timeout.ts';
import { GraphScriptError } from '../graph/graph-script-error.ts';

/** Where the authority publishes its signing keys, read from its OpenID discovery document. */
export interface AuthorityKeys {
  /** `jwks_uri`, on the authority's own origin. */
  readonly jwksUri: string;
  /** The tenant GUID in the document's `issuer` (`{host}/{tid}/v2.0`). */
  readonly tenantGuid: string | undefined;
}

function notProven(message: string, request: string, authorityHost: string): GraphScriptError {
  return new GraphScriptError({
    code: 'TOKEN_NOT_PROVEN',
    message,
    request,
    advice: [`The answer did not prove the secret: check that AZURE_AUTHORITY_HOST (${authorityHost}) is your cloud's Entra authority and AZURE_TENANT_ID your tenant. The old secret and .env are untouched.`],
  });
}

/** A request failure (timeout, no answer) as the scripts report it, naming the method and URL. */
export function asGraphScriptError(error: unknown): unknown {
  if (!(error instanceof RequestFailedError)) return error;
  return new GraphScriptError({ code: error.code, message: `no answer from ${error.message}`, request: `${error.method} ${error.url}`, advice: error.advice, cause: error });
}

/**
 * Reads the v2 discovery document of `{authorityHost}/{tenant}` (no secret is sent), as
 * https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc describes, and keeps
 * its `jwks_uri` only if it is on the authority's own origin: keys from elsewhere prove nothing.
 */
export async function discoverAuthorityKeys(authorityHost: string, tenantId: string, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<AuthorityKeys> {
  const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  const response = await fetchWithTimeout(fetchImpl, url, { signal }).catch((error: unknown) => { throw asGraphScriptError(error); });
  const doc = (await response.json().catch(() => undefined)) as { issuer?: unknown; jwks_uri?: unknown; error_description?: unknown } | undefined;
  if (!response.ok || typeof doc?.jwks_uri !== 'string' || !URL.canParse(doc.jwks_uri)) {
    // Entra answers an unknown tenant here already: 400 AADSTS90002 "Tenant '…' not found".
    const entra = typeof doc?.error_description === 'string' ? `: ${doc.error_description.split(/\r?\n/)[0]}` : ' without a usable discovery document';
    throw notProven(`the authority's discovery document for tenant ${tenantId} could not be read: ${response.status}${entra}`, `GET ${url}`, authorityHost);
  }
  if (new URL(doc.jwks_uri).origin !== new URL(authorityHost).origin) {
    throw notProven(`the discovery document points its keys at ${new URL(doc.jwks_uri).origin}, not at the authority ${new URL(authorityHost).origin}`, `GET ${url}`, authorityHost);
  }
  // `{host}/{tid}/v2.0`: the segment before `v2.0`, when it is a GUID.
  const segment = typeof doc.issuer === 'string' && URL.canParse(doc.issuer) ? new URL(doc.issuer).pathname.split('/').at(-2) : undefined;
  return { jwksUri: doc.jwks_uri, tenantGuid: segment !== undefined && isGuid(segment) ? segment : undefined };
}

/**
 * Checks the token the token endpoint issued for the new secret: signed by one of the
 * authority's published keys (RS256), not expired, issued to this client (`azp` in v2
 * tokens, `appid` in v1: https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference)
 * in this tenant (`tid`). A 200 alone proves nothing: any listener can answer 200.
 *
 * @throws GraphScriptError `TOKEN_NOT_PROVEN` naming what did not hold (never the token).
 */
export async function verifyIssuedToken(
  token: unknown,
  expected: { clientId: string; tenantId: string; authorityHost: string; request: string },
  keys: AuthorityKeys,
  fetchImpl: typeof fetch,
): Promise<JWTPayload> {
  const { request, authorityHost } = expected;
  if (typeof token !== 'string' || token.split('.').length !== 3) throw notProven('the token endpoint answered 200 without a signed access token', request, authorityHost);
  const jwks = createRemoteJWKSet(new URL(keys.jwksUri), {
    timeoutDuration: REQUEST_TIMEOUT_MS,
    [customFetch]: (url, init) => fetchWithTimeout(fetchImpl, url, init),
  });
  let payload: JWTPayload;
  try {
    payload = (await jwtVerify(token, jwks, { algorithms: ['RS256'] })).payload;
  } catch (error) {
    const unreadable = (() => { try { decodeJwt(token); return false; } catch { return true; } })();
    const reason = unreadable ? 'is not a JWT' : `does not verify against ${keys.jwksUri} (${error instanceof Error ? (error as { code?: string }).code ?? error.name : 'error'})`;
    throw notProven(`the token the endpoint issued ${reason}`, request, authorityHost);
  }
  const client = payload.azp ?? payload.appid;
  if (client !== expected.clientId) throw notProven(`the token was issued to client ${JSON.stringify(client)}, not ${expected.clientId}`, request, authorityHost);
  const tenant = isGuid(expected.tenantId) ? expected.tenantId : keys.tenantGuid;
  if (tenant === undefined || typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== tenant.toLowerCase()) {
    throw notProven(`the token is for tenant ${JSON.stringify(payload.tid)}, not ${tenant ?? expected.tenantId}`, request, authorityHost);
  }
  return payload;
}
