import { createClient } from 'redis';
import { createProxyAuthorizationServer, type ProxyAuthorizationServer, type ProxyAuthorizationServerOptions } from './create-proxy-authorization-server.ts';
import { tokenExchangeAudience } from '../entra/token-exchange-audience.ts';
import type { ProxyModeConfig, UpstreamCredentialConfig } from './load-proxy-config.ts';
import { createManagedIdentityTokenSource } from './managed-identity-token-source.ts';
import { createMemoryProxyStore } from './memory-proxy-store.ts';
import type { VerifiedEntraCaller } from './proxy-identity.ts';
import { generateProxySigningKey } from './proxy-signing-key.ts';
import { createRedisProxyStore, type RedisCommands } from './redis-proxy-store.ts';
import { createSecretBox } from './secret-box.ts';
import type { UpstreamCredential } from './upstream-entra.ts';

/** What the server already knows, handed to proxy mode at startup. */
export interface ProxyModeSetup {
  readonly proxy: ProxyModeConfig;
  /** `MCP_PUBLIC_URL` (or the bound `http://localhost:{port}`). */
  readonly publicUrl: string;
  readonly authorityHost: string;
  /** `AZURE_TENANT_ID`. */
  readonly tenant: string;
  /** `AZURE_CLIENT_ID`: the app registration, the proxy's client at Entra. */
  readonly clientId: string;
  /** The API scope's value (`access_as_user`). */
  readonly requiredScope: string;
  readonly clockSkewSeconds: number;
  /** The server's authenticator for Entra tokens. */
  readonly verifyEntraAccessToken: (token: string) => Promise<VerifiedEntraCaller>;
  readonly onError?: (message: string) => void;
  readonly loopbackMetadataDocuments?: ProxyAuthorizationServerOptions['loopbackMetadataDocuments'] | undefined;
  /** For calls to Entra and to the managed identity endpoint. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/**
 * Pure: the upstream credential from configuration. A managed identity's token is asked
 * for the cloud's token-exchange audience, the one the app's federated credential names
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 */
export function upstreamCredential(config: UpstreamCredentialConfig, authorityHost: string, fetchImpl?: typeof fetch): UpstreamCredential {
  if (config.kind === 'secret') return { clientSecret: config.secret };
  const source = createManagedIdentityTokenSource({
    endpoint: config.endpoint,
    header: config.header,
    clientId: config.clientId,
    audience: tokenExchangeAudience(authorityHost),
    ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
  });
  return { clientAssertion: () => source.token() };
}

/** Proxy mode, running; `close` ends its Redis connection. */
export interface RunningProxyMode {
  readonly server: ProxyAuthorizationServer;
  close(): Promise<void>;
}

/**
 * Starts proxy mode from validated configuration: the store (Redis when
 * `MCP_PROXY_REDIS_URL` is set, else memory), the keys (generated when one instance was
 * given none), and the authorization server.
 */
export async function startProxyMode(setup: ProxyModeSetup): Promise<RunningProxyMode> {
  const { proxy } = setup;
  let redis: ReturnType<typeof createClient> | undefined;
  if (proxy.redisUrl !== undefined) {
    redis = createClient({ url: proxy.redisUrl });
    redis.on('error', (error: Error) => setup.onError?.(`redis: ${error.message}`));
    await redis.connect();
  }
  const store =
    redis === undefined
      ? createMemoryProxyStore({ clientIdleSeconds: proxy.clientIdleSeconds })
      : createRedisProxyStore({ redis: redis as unknown as RedisCommands, box: createSecretBox(proxy.encryptionKeys), clientIdleSeconds: proxy.clientIdleSeconds });
  const server = createProxyAuthorizationServer({
    issuer: new URL(setup.publicUrl).origin,
    mcpResource: `${new URL(setup.publicUrl).origin}/mcp`,
    upstream: {
      authorityHost: setup.authorityHost,
      tenantId: setup.tenant,
      clientId: setup.clientId,
      ...upstreamCredential(proxy.upstreamCredential, setup.authorityHost, setup.fetch),
      // The GUID form: the proxy asks Entra for a token for its own app (AADSTS90009 otherwise).
      scope: `${setup.clientId}/${setup.requiredScope}`,
    },
    verifyEntraAccessToken: setup.verifyEntraAccessToken,
    signingKeys: proxy.signingKeys.length > 0 ? proxy.signingKeys : [await generateProxySigningKey()],
    store,
    ...(proxy.cookieKeys.length > 0 ? { cookieKeys: proxy.cookieKeys } : {}),
    accessTokenTtlSeconds: proxy.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: proxy.refreshTokenTtlSeconds,
    registrationRateLimit: { limit: proxy.registrationsPerHour, windowSeconds: 3600 },
    trustProxy: proxy.trustProxy,
    preRegisteredClients: proxy.preRegisteredClients,
    clockSkewSeconds: setup.clockSkewSeconds,
    ...(setup.fetch === undefined ? {} : { fetch: setup.fetch }),
    ...(setup.onError === undefined ? {} : { onError: setup.onError }),
    ...(setup.loopbackMetadataDocuments === undefined ? {} : { loopbackMetadataDocuments: setup.loopbackMetadataDocuments }),
  });
  return { server, close: async () => void (await redis?.quit()) };
}
