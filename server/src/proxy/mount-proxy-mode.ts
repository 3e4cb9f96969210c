import type { AccessTokenPolicy } from '../auth/access-token-policy.ts';
import { AuthError } from '../auth/auth-error.ts';
import { authorizePrincipal } from '../auth/authorize-principal.ts';
import type { Principal } from '../auth/principal.ts';
import type { Authenticate } from '../auth/request-authenticator.ts';
import type { ServerConfig } from '../config/server-config.ts';
import type { LoopbackMetadataDocuments } from './metadata-document-fetch.ts';
import { selectTokenVerifier } from './select-token-verifier.ts';
import { startProxyMode, type RunningProxyMode } from './start-proxy-mode.ts';

/** Proxy mode as the server mounts it. */
export interface MountedProxyMode {
  readonly proxy: RunningProxyMode['server'];
  /** Both kinds of token: the proxy's own and Entra's, each through every check. */
  readonly authenticate: Authenticate;
  close(): Promise<void>;
}

/**
 * Pure: the secure server's checks on a caller, applied to a proxy token's identity.
 * The token's signature, issuer, audience and grant were checked by the proxy's verifier;
 * here come the tenant (ALLOWED_TENANTS may have changed since the sign-in) and
 * `authorizePrincipal`. ALLOWED_CLIENT_APPS lists Entra client applications, and the
 * Entra client behind a proxy token is the proxy itself (AZURE_CLIENT_ID, which
 * `loadConfig` requires in the list in this mode): the MCP client (`azp` of the proxy
 * token, kept as `clientAppId`) is vetted by the person on the consent page instead.
 */
export function authorizeProxyPrincipal(principal: Principal, policy: AccessTokenPolicy): void {
  if (policy.tenantId !== undefined && principal.tid !== policy.tenantId) {
    throw new AuthError('wrong_tenant', `token is from another tenant: this API accepts tenant ${policy.tenantId}`);
  }
  if (policy.tenantId === undefined && !policy.allowedTenants.includes(principal.tid)) {
    throw new AuthError('tenant_not_allowed', "token's tenant is not in this API's ALLOWED_TENANTS");
  }
  authorizePrincipal({ ...principal, clientAppId: policy.clientId }, policy);
}

/**
 * Starts proxy mode for a listening server (`publicUrl` known) and returns the verifier
 * `/mcp` uses: tokens naming the server as issuer go to the proxy's verifier, all others
 * to Entra's, unchanged.
 */
export async function mountProxyMode(
  config: ServerConfig & { readonly proxy: NonNullable<ServerConfig['proxy']> },
  publicUrl: string,
  policy: AccessTokenPolicy,
  verifyEntra: Authenticate,
  onError: (message: string) => void,
  loopbackMetadataDocuments?: LoopbackMetadataDocuments,
): Promise<MountedProxyMode> {
  const running = await startProxyMode({
    proxy: config.proxy,
    publicUrl,
    authorityHost: config.authorityHost,
    tenant: config.tenant,
    clientId: config.clientId,
    requiredScope: config.requiredScope,
    clockSkewSeconds: config.clockSkewSeconds,
    verifyEntraAccessToken: verifyEntra,
    onError,
    loopbackMetadataDocuments,
  });
  const verifyProxy = async (token: string): Promise<Principal> => {
    const principal = await running.server.verifyProxyAccessToken(token);
    authorizeProxyPrincipal(principal, policy);
    return principal;
  };
  return {
    proxy: running.server,
    authenticate: selectTokenVerifier(new URL(publicUrl).origin, verifyProxy, verifyEntra),
    close: () => running.close(),
  };
}
