import { randomBytes, randomUUID } from 'node:crypto';
import { managedIdentityFederatedCredential } from '../registration/proxy-mode-registration.ts';
import type { LocalIdpOptions, RunningLocalIdp } from './start-local-idp.ts';

/** How the server authenticates to the provider in proxy mode (`--proxy-credential`). */
export type ProxyCredential = 'managedIdentity' | 'secret';

/**
 * Proxy mode's session settings: the provider accepts the proxy's callback (any loopback
 * port) on the Web platform, as Entra does for a confidential app, and knows the app's
 * credential. By default that is secretless, as on Azure: the provider hosts a managed
 * identity endpoint (Container Apps' shape) with an identity made for this session, and the
 * app has a federated credential trusting it; the server gets the identity's client id and
 * the endpoint in its configuration. With `secret`, a client secret made for the session.
 * The server's signing and cookie keys are made at its startup.
 */
export function proxyModeUpstream(credential: ProxyCredential = 'managedIdentity'): {
  idp: Pick<LocalIdpOptions, 'clientSecret' | 'extraRedirectUris' | 'managedIdentities' | 'federatedCredentials'>;
  serverEnv: (idp: Pick<RunningLocalIdp, 'managedIdentityEndpoint'>) => Record<string, string | undefined>;
} {
  const extraRedirectUris = [{ uri: 'http://localhost/oauth/callback', platform: 'web' as const }];
  if (credential === 'secret') {
    const clientSecret = randomBytes(24).toString('base64url');
    return { idp: { clientSecret, extraRedirectUris }, serverEnv: () => ({ MCP_AUTH_MODE: 'proxy', MCP_PROXY_CLIENT_SECRET: clientSecret, AZURE_MANAGED_IDENTITY_CLIENT_ID: undefined }) };
  }
  const identity = { clientId: randomUUID(), principalId: randomUUID() };
  return {
    idp: { extraRedirectUris, managedIdentities: [identity], federatedCredentials: (tenant) => [managedIdentityFederatedCredential({ ...tenant, principalId: identity.principalId })] },
    serverEnv: (idp) => ({
      MCP_AUTH_MODE: 'proxy',
      MCP_PROXY_CLIENT_SECRET: undefined,
      AZURE_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
      IDENTITY_ENDPOINT: idp.managedIdentityEndpoint.endpoint,
      IDENTITY_HEADER: idp.managedIdentityEndpoint.header,
    }),
  };
}
