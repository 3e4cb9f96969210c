/**
 * Sign-out: an MCP client revoking its refresh token (RFC 7009, /oauth/revoke) ends the
 * grant, and the Entra tokens the proxy held for it (the Entra refresh token above all)
 * are deleted from the store, in memory and in Redis alike.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProxyStore } from '../../server/src/proxy/memory-proxy-store.ts';
import { IDENTITY_MODEL } from '../../server/src/proxy/proxy-identity.ts';
import type { ProxyStore } from '../../server/src/proxy/proxy-store.ts';
import { createRedisProxyStore, type RedisCommands } from '../../server/src/proxy/redis-proxy-store.ts';
import { createSecretBox } from '../../server/src/proxy/secret-box.ts';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';
import { redisSkipReason, startRedis, type RunningRedis, type TestRedisClient } from './helpers/redis-server.ts';

const noRedis = redisSkipReason();
let redis: RunningRedis | undefined;
let raw: TestRedisClient | undefined;
const stacks: ProxyStack[] = [];

beforeAll(async () => {
  if (noRedis !== undefined) return;
  redis = await startRedis();
  raw = await redis.client();
});
afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
  await redis?.close();
});

/** Signs in through the proxy; returns the client, its tokens and the grant id the access token names. */
async function signIn(stack: ProxyStack) {
  const flow = await signInForCode(stack.origin, stack.mcpResource);
  const answer = await token(stack.origin, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
  const accessToken = String(answer.body['access_token']);
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { gid: string };
  return { clientId: flow.clientId, accessToken, refreshToken: String(answer.body['refresh_token']), grantId: claims.gid };
}

const revoke = (stack: ProxyStack, clientId: string, refreshToken: string) =>
  fetch(`${stack.origin}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: clientId }) });

async function signOutForgetsEntraTokens(store: ProxyStore, countIdentities?: () => Promise<number>): Promise<void> {
  const stack = await startProxyStack({ store });
  stacks.push(stack);
  const other = await signIn(stack);
  const session = await signIn(stack);
  const held = (await store.adapter(IDENTITY_MODEL).find(session.grantId)) as { entraRefreshToken?: string } | undefined;
  expect(held?.entraRefreshToken).toEqual(expect.any(String));
  if (countIdentities !== undefined) expect(await countIdentities()).toBe(2);

  expect((await revoke(stack, session.clientId, session.refreshToken)).status).toBe(200);
  expect(await store.adapter(IDENTITY_MODEL).find(session.grantId)).toBeUndefined();
  if (countIdentities !== undefined) expect(await countIdentities()).toBe(1);
  // The grant is gone: its tokens are refused; another person's sign-in is untouched.
  expect((await token(stack.origin, { grant_type: 'refresh_token', refresh_token: session.refreshToken, client_id: session.clientId })).body['error']).toBe('invalid_grant');
  expect((await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${session.accessToken}` } })).status).toBe(401);
  expect(await store.adapter(IDENTITY_MODEL).find(other.grantId)).toMatchObject({ entraRefreshToken: expect.any(String) });
  expect((await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${other.accessToken}` } })).status).toBe(200);
}

describe('sign-out at /oauth/revoke deletes the Entra tokens held for the grant', () => {
  it('in memory', async () => {
    await signOutForgetsEntraTokens(createMemoryProxyStore());
  });

  it.skipIf(noRedis !== undefined)('in Redis (no identity record left under any key)', async () => {
    const prefix = `signout-${randomBytes(4).toString('hex')}:`;
    const store = createRedisProxyStore({ redis: raw as unknown as RedisCommands, box: createSecretBox([randomBytes(32)]), keyPrefix: prefix });
    await signOutForgetsEntraTokens(store, async () => (await raw!.keys(`${prefix}${IDENTITY_MODEL}:*`)).length);
  });
});
