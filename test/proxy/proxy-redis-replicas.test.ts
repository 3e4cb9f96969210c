import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyAuthorizationServer, type ProxyAuthorizationServer } from '../../server/src/proxy/create-proxy-authorization-server.ts';
import { generateProxySigningKey } from '../../server/src/proxy/proxy-signing-key.ts';
import { createRedisProxyStore, type RedisCommands } from '../../server/src/proxy/redis-proxy-store.ts';
import { createSecretBox } from '../../server/src/proxy/secret-box.ts';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { startProxyStack, UPSTREAM_SECRET, type ProxyStack } from './helpers/proxy-stack.ts';
import { redisSkipReason, startRedis, type RunningRedis } from './helpers/redis-server.ts';

const noRedis = redisSkipReason();

let redis: RunningRedis;
let stack: ProxyStack; // replica A, with the browser-facing pages
let replicaB: ProxyAuthorizationServer;
let serverB: Server;
let originB: string;

beforeAll(async () => {
  if (noRedis !== undefined) return;
  redis = await startRedis();
  const box = createSecretBox([randomBytes(32)]);
  const signingKeys = [await generateProxySigningKey()];
  const cookieKeys = [randomBytes(32).toString('base64url')];
  stack = await startProxyStack({ store: createRedisProxyStore({ redis: (await redis.client()) as unknown as RedisCommands, box }), signingKeys, cookieKeys });
  replicaB = createProxyAuthorizationServer({
    issuer: stack.origin,
    mcpResource: stack.mcpResource,
    upstream: { authorityHost: stack.idp.authorityHost, tenantId: stack.idp.tenantId, clientId: stack.idp.clientId, clientSecret: UPSTREAM_SECRET, scope: `${stack.idp.clientId}/access_as_user` },
    verifyEntraAccessToken: () => Promise.reject(new Error('replica B gets no Entra callback in these tests')),
    signingKeys,
    cookieKeys,
    store: createRedisProxyStore({ redis: (await redis.client()) as unknown as RedisCommands, box }),
  });
  serverB = createServer((req, res) => void replicaB.handle(req, res).then((answered) => answered || res.writeHead(404).end()));
  await new Promise<void>((resolve) => serverB.listen(0, '127.0.0.1', resolve));
  originB = `http://127.0.0.1:${(serverB.address() as AddressInfo).port}`;
});
afterAll(async () => {
  serverB?.closeAllConnections();
  serverB?.close();
  await stack?.close();
  await redis?.close();
});

describe.skipIf(noRedis !== undefined)('two replicas sharing Redis serve one client', () => {
  it('signed in on A, redeemed and refreshed on B, then refreshed on A; a replayed refresh token revokes it on both', async () => {
    const flow = await signInForCode(stack.origin, stack.mcpResource);
    const redeemed = await token(originB, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
    expect(redeemed.status).toBe(200);
    const onB = await token(originB, { grant_type: 'refresh_token', refresh_token: String(redeemed.body['refresh_token']), client_id: flow.clientId });
    expect(onB.status).toBe(200);
    expect(await replicaB.verifyProxyAccessToken(String(onB.body['access_token']))).toMatchObject({ name: 'Megan Bowen', clientAppId: flow.clientId });
    const onA = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: String(onB.body['refresh_token']), client_id: flow.clientId });
    expect(onA.status).toBe(200);
    expect((await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${String(onA.body['access_token'])}` } })).status).toBe(200);

    const replay = await token(originB, { grant_type: 'refresh_token', refresh_token: String(onB.body['refresh_token']), client_id: flow.clientId });
    expect(replay.body['error']).toBe('invalid_grant');
    const revoked = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: String(onA.body['refresh_token']), client_id: flow.clientId });
    expect(revoked.body['error']).toBe('invalid_grant');
    await expect(replicaB.verifyProxyAccessToken(String(onA.body['access_token']))).rejects.toMatchObject({ code: 'revoked' });
  });

  it('one code redeemed on both replicas at once succeeds once', async () => {
    const flow = await signInForCode(stack.origin, stack.mcpResource);
    const params = { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource };
    const answers = await Promise.all([token(stack.origin, params), token(originB, params), token(stack.origin, params), token(originB, params)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400, 400]);
    for (const a of answers.filter((x) => x.status === 400)) expect(a.body['error']).toBe('invalid_grant');
  });
});
