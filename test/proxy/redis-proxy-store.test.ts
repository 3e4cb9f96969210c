import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisProxyStore, type RedisCommands } from '../../server/src/proxy/redis-proxy-store.ts';
import { createSecretBox } from '../../server/src/proxy/secret-box.ts';
import type { ProxyStore } from '../../server/src/proxy/proxy-store.ts';
import { redisSkipReason, startRedis, type RunningRedis } from './helpers/redis-server.ts';

const noRedis = redisSkipReason();

let redis: RunningRedis;
let raw: Awaited<ReturnType<RunningRedis['client']>>;
/** Two replicas: their own connections, one Redis, the same keys. */
let replicaA: ProxyStore;
let replicaB: ProxyStore;
const key = randomBytes(32);

beforeAll(async () => {
  if (noRedis !== undefined) return;
  redis = await startRedis();
  raw = await redis.client();
  const box = createSecretBox([key]);
  replicaA = createRedisProxyStore({ redis: (await redis.client()) as unknown as RedisCommands, box, keyPrefix: 't:', clientIdleSeconds: 120 });
  replicaB = createRedisProxyStore({ redis: (await redis.client()) as unknown as RedisCommands, box, keyPrefix: 't:', clientIdleSeconds: 120 });
});
afterAll(async () => redis?.close());

describe.skipIf(noRedis !== undefined)('the Redis store (a real redis-server)', () => {
  it('what one replica stores the other finds; at rest nothing is readable, not even the id', async () => {
    const refreshToken = `rt-${randomBytes(16).toString('hex')}`;
    await replicaA.adapter('RefreshToken').upsert(refreshToken, { grantId: 'g1', accountId: 'megan-oid', entra: 'entra-refresh-secret' }, 60);
    expect(await replicaB.adapter('RefreshToken').find(refreshToken)).toMatchObject({ accountId: 'megan-oid', entra: 'entra-refresh-secret' });
    const keys = await raw.keys('t:*');
    const values = await Promise.all(keys.filter((k) => !k.startsWith('t:grant:')).map((k) => raw.get(k)));
    const dump = [...keys, ...values].join('\n');
    expect(dump).not.toContain(refreshToken);
    expect(dump).not.toContain('entra-refresh-secret');
    expect(dump).not.toContain('megan-oid');
    const ttl = await raw.ttl(keys.find((k) => k.startsWith('t:RefreshToken:'))!);
    expect(ttl).toBeGreaterThan(50);
  });

  it('a value sealed under another key does not open', async () => {
    await replicaA.adapter('Grant').upsert('g-other', { accountId: 'a' }, 60);
    const stranger = createRedisProxyStore({ redis: raw as unknown as RedisCommands, box: createSecretBox([randomBytes(32)]), keyPrefix: 't:' });
    await expect(stranger.adapter('Grant').find('g-other')).rejects.toThrow(/no key/);
  });

  it('take: of two replicas taking the same record at once, one gets it', async () => {
    await replicaA.adapter('Pending').upsert('state-1', { uid: 'u1' }, 60);
    const [a, b] = await Promise.all([replicaA.take('Pending', 'state-1'), replicaB.take('Pending', 'state-1')]);
    expect([a, b].filter((r) => r !== undefined)).toHaveLength(1);
  });

  it('consume: two replicas redeeming one code at once, one wins and the grant is revoked', async () => {
    await replicaA.adapter('AuthorizationCode').upsert('code-1', { grantId: 'g2' }, 60);
    await replicaA.adapter('Grant').upsert('g2', { accountId: 'a' }, 60);
    await replicaA.adapter('ProxyIdentity').upsert('g2', { grantId: 'g2', oid: 'o' }, 60);
    const results = await Promise.allSettled([replicaA.adapter('AuthorizationCode').consume('code-1'), replicaB.adapter('AuthorizationCode').consume('code-1')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { error: 'invalid_grant' } });
    expect(await replicaB.adapter('Grant').find('g2')).toBeUndefined();
    expect(await replicaB.adapter('ProxyIdentity').find('g2')).toBeUndefined();
  });

  it('a consumed record is found as consumed (oidc-provider then refuses its reuse)', async () => {
    await replicaA.adapter('AuthorizationCode').upsert('code-2', { grantId: 'g3' }, 60);
    await replicaA.adapter('AuthorizationCode').consume('code-2');
    expect((await replicaB.adapter('AuthorizationCode').find('code-2'))?.consumed).toEqual(expect.any(Number));
  });

  it('registrations carry an idle TTL that each use restarts', async () => {
    await replicaA.adapter('Client').upsert('client-1', { client_id: 'client-1' });
    const [k] = await raw.keys('t:Client:*');
    await raw.expire(k!, 5);
    expect(await replicaB.adapter('Client').find('client-1')).toMatchObject({ client_id: 'client-1' });
    expect(await raw.ttl(k!)).toBeGreaterThan(100);
  });

  it("a grant's index outlives its longest record: a later short-lived code does not cut it", async () => {
    await replicaA.adapter('RefreshToken').upsert('rt-long', { grantId: 'g-long' }, 10 * 24 * 3600);
    await replicaA.adapter('AuthorizationCode').upsert('code-short', { grantId: 'g-long' }, 60);
    const [index] = await raw.keys('t:grant:*').then((keys) => Promise.all(keys.map(async (k) => ({ k, ttl: await raw.ttl(k) })))).then((all) => all.filter((x) => x.ttl > 9 * 24 * 3600));
    expect(index).toBeDefined();
    await replicaB.adapter('AccessToken').revokeByGrantId('g-long');
    expect(await replicaB.adapter('RefreshToken').find('rt-long')).toBeUndefined();
  });

  it('findByUid finds by the interaction uid', async () => {
    await replicaA.adapter('Session').upsert('sess-1', { uid: 'uid-1', accountId: 'a' }, 60);
    expect(await replicaB.adapter('Session').findByUid('uid-1')).toMatchObject({ accountId: 'a' });
  });
});
