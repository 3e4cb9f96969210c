import { describe, expect, it } from 'vitest';
import { createMemoryProxyStore } from './memory-proxy-store.ts';

describe('createMemoryProxyStore', () => {
  it('take returns a record once, however many ask at the same time', async () => {
    const store = createMemoryProxyStore();
    await store.adapter('Pending').upsert('s1', { uid: 'u' }, 60);
    const results = await Promise.all([store.take('Pending', 's1'), store.take('Pending', 's1'), store.take('Pending', 's1')]);
    expect(results.filter((r) => r !== undefined)).toEqual([{ uid: 'u' }]);
  });

  it('records expire after their TTL; clients after their idle time, each find restarting it', async () => {
    let now = 1_000_000;
    const store = createMemoryProxyStore({ now: () => now, clientIdleSeconds: 100 });
    await store.adapter('AuthorizationCode').upsert('c', { grantId: 'g' }, 60);
    await store.adapter('Client').upsert('used', { client_id: 'used' });
    await store.adapter('Client').upsert('idle', { client_id: 'idle' });
    now += 61_000;
    expect(await store.adapter('AuthorizationCode').find('c')).toBeUndefined();
    expect(await store.adapter('Client').find('used')).toBeDefined();
    now += 60_000; // `idle` unused for 121 s, `used` for 60 s
    expect(await store.adapter('Client').find('idle')).toBeUndefined();
    expect(await store.adapter('Client').find('used')).toBeDefined();
  });

  it('revoking a grant removes every record of it, in every model', async () => {
    const store = createMemoryProxyStore();
    await store.adapter('RefreshToken').upsert('r', { grantId: 'g' }, 60);
    await store.adapter('ProxyIdentity').upsert('g', { grantId: 'g', oid: 'o' }, 60);
    await store.adapter('RefreshToken').upsert('other', { grantId: 'h' }, 60);
    await store.adapter('AccessToken').revokeByGrantId('g');
    expect(await store.adapter('RefreshToken').find('r')).toBeUndefined();
    expect(await store.adapter('ProxyIdentity').find('g')).toBeUndefined();
    expect(await store.adapter('RefreshToken').find('other')).toBeDefined();
  });

  it('a second consume is refused and revokes the grant (two redemptions that both passed the find)', async () => {
    const store = createMemoryProxyStore();
    const codes = store.adapter('AuthorizationCode');
    await codes.upsert('c', { grantId: 'g' }, 60);
    await store.adapter('Grant').upsert('g', { accountId: 'a' }, 60);
    await store.adapter('RefreshToken').upsert('r', { grantId: 'g' }, 60);
    const [first, second] = await Promise.allSettled([codes.consume('c'), codes.consume('c')]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { error: 'invalid_grant' } });
    expect(await store.adapter('RefreshToken').find('r')).toBeUndefined();
    expect(await store.adapter('Grant').find('g')).toBeUndefined();
  });

  it('sweeps records nobody reads again once they expire, with their index entries', async () => {
    let now = 1_000_000;
    const store = createMemoryProxyStore({ now: () => now });
    for (let i = 0; i < 400; i++) await store.adapter('Interaction').upsert(`i${i}`, { uid: `u${i}`, grantId: `g${i}` }, 1);
    expect(store.size()).toBe(1200);
    now += 2000;
    for (let i = 0; i < 100; i++) await store.adapter('Grant').upsert(`keep${i}`, { accountId: 'a' }, 3600);
    expect(store.size()).toBeLessThanOrEqual(100);
  });

  it('hands out copies: changing a found payload does not change the stored one', async () => {
    const store = createMemoryProxyStore();
    await store.adapter('Grant').upsert('g', { accountId: 'a' }, 60);
    const found = await store.adapter('Grant').find('g');
    found!['accountId'] = 'b';
    expect(await store.adapter('Grant').find('g')).toEqual({ accountId: 'a' });
  });
});
