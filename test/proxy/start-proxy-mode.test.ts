import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProxyConfig } from '../../server/src/proxy/load-proxy-config.ts';
import { generateProxySigningKey } from '../../server/src/proxy/proxy-signing-key.ts';
import { startProxyMode, type RunningProxyMode } from '../../server/src/proxy/start-proxy-mode.ts';
import { redisSkipReason, startRedis, type RunningRedis } from './helpers/redis-server.ts';

const noRedis = redisSkipReason();

let redis: RunningRedis;
beforeAll(async () => {
  if (noRedis === undefined) redis = await startRedis();
});
afterAll(async () => redis?.close());

/** Mounts proxy mode as the integrator will: its handler first, then the server's own routes. */
async function mounted(mode: RunningProxyMode): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => void mode.server.handle(req, res).then((answered) => answered || res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mode.close();
    },
  };
}

const setup = (env: Record<string, string>) => ({
  proxy: loadProxyConfig(env),
  publicUrl: 'https://mcp.example.com',
  authorityHost: 'https://login.microsoftonline.com',
  tenant: '00000000-0000-4000-8000-000000000000',
  clientId: '11111111-1111-4111-8111-111111111111',
  requiredScope: 'access_as_user',
  clockSkewSeconds: 60,
  verifyEntraAccessToken: () => Promise.reject(new Error('not in this test')),
});

describe('startProxyMode', () => {
  it.skipIf(noRedis !== undefined)('from MCP_PROXY_* with Redis: registrations land in Redis, sealed', async () => {
    const env = {
      MCP_PROXY_CLIENT_SECRET: 'secret',
      MCP_PROXY_REDIS_URL: redis.url,
      MCP_PROXY_SIGNING_KEYS: JSON.stringify({ keys: [await generateProxySigningKey()] }),
      MCP_PROXY_COOKIE_KEYS: randomBytes(32).toString('base64url'),
      MCP_PROXY_ENCRYPTION_KEYS: randomBytes(32).toString('base64'),
    };
    const app = await mounted(await startProxyMode(setup(env)));
    const doc = (await (await fetch(`${app.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(doc['issuer']).toBe('https://mcp.example.com');
    const registered = await fetch(`${app.origin}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'], client_name: 'Goose' }) });
    expect(registered.status).toBe(201);
    const raw = await redis.client();
    const keys = await raw.keys('entra-mcp:proxy:Client:*');
    expect(keys).toHaveLength(1);
    expect(await raw.get(keys[0]!)).toMatch(/^v1\./);
    await app.close();
  });

  it('one instance with no keys configured: memory store, a key made at startup', async () => {
    const mode = await startProxyMode(setup({ MCP_PROXY_CLIENT_SECRET: 'secret' }));
    const app = await mounted(mode);
    const jwks = (await (await fetch(`${app.origin}/oauth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(mode.server.authorizationServers).toEqual(['https://mcp.example.com']);
    await app.close();
  });
});
