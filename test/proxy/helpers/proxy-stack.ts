import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { policyFromConfig } from '../../../server/src/auth/access-token-policy.ts';
import { AuthError } from '../../../server/src/auth/auth-error.ts';
import { createAuthenticator } from '../../../server/src/auth/request-authenticator.ts';
import { SigningKeyStore } from '../../../server/src/auth/signing-key-store.ts';
import { loadConfig } from '../../../server/src/config/load-config.ts';
import { createMemoryProxyStore } from '../../../server/src/proxy/memory-proxy-store.ts';
import { createProxyAuthorizationServer, type ProxyAuthorizationServer, type ProxyAuthorizationServerOptions } from '../../../server/src/proxy/create-proxy-authorization-server.ts';
import { generateProxySigningKey } from '../../../server/src/proxy/proxy-signing-key.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../../src/local-idp/start-local-idp.ts';

/** The app's client secret in the local tenant (a test value, never a real one). */
export const UPSTREAM_SECRET = 'proxy-test-secret-0123456789abcdef';

/** A clock tests move forward to expire records without waiting. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}

export interface ProxyStack {
  readonly idp: RunningLocalIdp;
  readonly proxy: ProxyAuthorizationServer;
  /** `http://localhost:{port}`: the issuer (localhost, so its cookies never mix with the IdP's on 127.0.0.1). */
  readonly origin: string;
  readonly mcpResource: string;
  readonly clock: TestClock;
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * The proxy mounted in a minimal server (its routes, Protected Resource Metadata naming
 * it, and a `/mcp` that answers who the token says the caller is), with the local
 * identity provider upstream as a confidential client: the app has a secret and the
 * proxy's callback is registered on the Web platform.
 */
export async function startProxyStack(overrides: Partial<ProxyAuthorizationServerOptions> = {}, clientIdleSeconds = 3600): Promise<ProxyStack> {
  const idp = await startLocalIdp({ clientSecret: UPSTREAM_SECRET, autoSignIn: 'megan', extraRedirectUris: [{ uri: 'http://localhost/oauth/callback', platform: 'web' }] });
  const config = loadConfig({ AZURE_TENANT_ID: idp.tenantId, AZURE_CLIENT_ID: idp.clientId, AZURE_AUTHORITY_HOST: idp.authorityHost });
  const keys = new SigningKeyStore({ discoveryUrl: `${idp.issuer}/.well-known/openid-configuration`, cooldownMs: 1000, refreshMs: 3_600_000 });
  await keys.start();
  const authenticate = createAuthenticator(policyFromConfig(config), { v2: keys, v1: undefined });

  let handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => void res.writeHead(503).end();
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const mcpResource = `${origin}/mcp`;
  const clock = new TestClock();
  const errors: string[] = [];
  const proxy = createProxyAuthorizationServer({
    issuer: origin,
    mcpResource,
    upstream: { authorityHost: idp.authorityHost, tenantId: idp.tenantId, clientId: idp.clientId, clientSecret: UPSTREAM_SECRET, scope: `${idp.clientId}/access_as_user` },
    verifyEntraAccessToken: authenticate,
    signingKeys: [await generateProxySigningKey()],
    store: createMemoryProxyStore({ now: clock.now, clientIdleSeconds }),
    clock: clock.now,
    onError: (message) => errors.push(message),
    ...overrides,
  });
  const prm = { resource: mcpResource, authorization_servers: proxy.authorizationServers, scopes_supported: proxy.scopesSupported, bearer_methods_supported: ['header'] };
  handler = async (req, res) => {
    if (await proxy.handle(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/.well-known/oauth-protected-resource/mcp') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(prm));
    if (path === '/mcp') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const challenge = { 'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"` };
      if (token === undefined) return void res.writeHead(401, challenge).end();
      try {
        const principal = await proxy.verifyProxyAccessToken(token);
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(principal));
      } catch (error) {
        const code = error instanceof AuthError ? error.code : 'internal';
        return void res.writeHead(401, { ...challenge, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_token', code }));
      }
    }
    res.writeHead(404).end();
  };
  return {
    idp,
    proxy,
    origin,
    mcpResource,
    clock,
    errors,
    close: async () => {
      keys.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await idp.close();
    },
  };
}
