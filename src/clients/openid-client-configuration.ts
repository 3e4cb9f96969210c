import * as oc from 'openid-client';
import { isLoopbackHttp } from './authority.ts';
import { ClientError } from './client-errors.ts';
import type { Fetch } from './oauth-http.ts';

/**
 * The `openid-client` configuration for a discovered authorization server. When the
 * published issuer is the one asked for, it is built from the metadata already fetched.
 * When Entra published another one (the `{tenantid}` template of `organizations` and
 * `common`, or the GUID of a tenant named by domain; ENTRA-FACTS §1), it comes from
 * `openid-client`'s own `discovery()`, which knows Entra's multi-tenant issuer and checks
 * an ID token's `iss` against the template filled with the token's `tid`; a configuration
 * built by hand would compare `iss` with the literal template and refuse every ID token.
 * Plain http only for a loopback authority (the local provider); Entra is https.
 */
export async function openIdClientConfiguration(
  askedIssuer: string,
  metadata: Record<string, unknown> & { issuer: string },
  clientId: string,
  auth: oc.ClientAuth,
  fetchImpl: Fetch,
): Promise<oc.Configuration> {
  const customFetch: oc.CustomFetch = (url, init) => fetchImpl(url, init as RequestInit);
  if (metadata.issuer !== askedIssuer) {
    try {
      return await oc.discovery(new URL(askedIssuer), clientId, undefined, auth, { [oc.customFetch]: customFetch });
    } catch (cause) {
      // openid-client knows the template on login.microsoftonline.com only.
      throw new ClientError('protocol', `${askedIssuer} publishes issuer ${JSON.stringify(metadata.issuer)}, which openid-client cannot check ID tokens against: ${(cause as Error).message}`, undefined, { cause });
    }
  }
  const config = new oc.Configuration(metadata as oc.ServerMetadata, clientId, undefined, auth);
  config[oc.customFetch] = customFetch;
  if (isLoopbackHttp(metadata.issuer)) oc.allowInsecureRequests(config);
  return config;
}
