/**
 * Rotating the proxy's signing key without signing anyone out, through the real server
 * (`startServer` from `MCP_PROXY_*` variables) restarted on the same port, sharing Redis:
 * a token signed by key A keeps working at /mcp while A is still listed after the new key
 * B; new tokens are signed by B; /oauth/jwks publishes both; once A is dropped, A's token
 * is refused with 401.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/load-config.ts';
import { generateProxySigningKey } from '../../server/src/proxy/proxy-signing-key.ts';
import { startServer, type RunningServer } from '../../server/src/start-server.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { UPSTREAM_SECRET } from './helpers/proxy-stack.ts';
import { redisSkipReason, startRedis, type RunningRedis } from './helpers/redis-server.ts';

const noRedis = redisSkipReason();
const keyA = await generateProxySigningKey();
const keyB = await generateProxySigningKey();

let redis: RunningRedis;
let idp: RunningLocalIdp;
let server: RunningServer | undefined;
let port = 0;
const shared = { cookie: randomBytes(32).toString('base64url'), encryption: randomBytes(32).toString('base64') };

/** Stops the running server (if any) and starts it again on the same port with these signing keys. */
async function restartWith(keys: readonly object[]): Promise<string> {
  await server?.close();
  server = await startServer(
    loadConfig({
      AZURE_TENANT_ID: idp.tenantId,
      AZURE_CLIENT_ID: idp.clientId,
      AZURE_AUTHORITY_HOST: idp.authorityHost,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      MCP_AUTH_MODE: 'proxy',
      MCP_PROXY_CLIENT_SECRET: UPSTREAM_SECRET,
      MCP_PROXY_REDIS_URL: redis.url,
      MCP_PROXY_SIGNING_KEYS: JSON.stringify({ keys }),
      MCP_PROXY_COOKIE_KEYS: shared.cookie,
      MCP_PROXY_ENCRYPTION_KEYS: shared.encryption,
    }),
  );
  port = server.port;
  return server.publicUrl;
}

beforeAll(async () => {
  if (noRedis !== undefined) return;
  [redis, idp] = await Promise.all([startRedis(), startLocalIdp({ clientSecret: UPSTREAM_SECRET, autoSignIn: 'megan', extraRedirectUris: [{ uri: 'http://localhost/oauth/callback', platform: 'web' }] })]);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await idp?.close();
  await redis?.close();
});

const kidOf = (jwt: string): string => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

/** `whoami` at /mcp with the token, through the MCP SDK client; the HTTP status on refusal. */
async function whoami(origin: string, accessToken: string): Promise<{ name: unknown } | { status: number }> {
  const client = new Client({ name: 'rotation-test', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    return { name: (result.structuredContent as { name: unknown }).name };
  } catch (error) {
    return { status: (error as { code?: number }).code ?? -1 };
  } finally {
    await client.close();
  }
}

describe.skipIf(noRedis !== undefined)('signing keys rotate across a restart without signing anyone out', () => {
  it('[A] → [B, A]: A tokens still work, new ones are B, JWKS has both → [B]: A tokens get 401', async () => {
    let origin = await restartWith([keyA]);
    const mcpResource = `${origin}/mcp`;
    const flow = await signInForCode(origin, mcpResource);
    const first = await token(origin, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: mcpResource });
    const tokenA = String(first.body['access_token']);
    expect(kidOf(tokenA)).toBe(keyA.kid);
    expect(await whoami(origin, tokenA)).toEqual({ name: 'Megan Bowen' });

    origin = await restartWith([keyB, keyA]);
    expect(origin).toBe(new URL(mcpResource).origin);
    const jwks = (await (await fetch(`${origin}/oauth/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([keyB.kid, keyA.kid]);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    expect(await whoami(origin, tokenA)).toEqual({ name: 'Megan Bowen' });
    const refreshed = await token(origin, { grant_type: 'refresh_token', refresh_token: String(first.body['refresh_token']), client_id: flow.clientId });
    expect(refreshed.status).toBe(200);
    const tokenB = String(refreshed.body['access_token']);
    expect(kidOf(tokenB)).toBe(keyB.kid);
    expect(await whoami(origin, tokenB)).toEqual({ name: 'Megan Bowen' });

    origin = await restartWith([keyB]);
    expect(await whoami(origin, tokenA)).toEqual({ status: 401 });
    expect(await whoami(origin, tokenB)).toEqual({ name: 'Megan Bowen' });
  }, 60_000);
});
