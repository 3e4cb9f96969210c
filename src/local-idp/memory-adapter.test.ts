import type { AdapterPayload } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { createMemoryStore, StoreFullError } from './memory-adapter.ts';

/** A store on a clock the test moves. */
function storeAt(maxEntries = 1000) {
  let t = 1_000_000;
  const store = createMemoryStore({ maxEntries, now: () => t });
  return { store, advance: (ms: number) => (t += ms) };
}

const deviceCode = (i: number): AdapterPayload => ({ userCode: `CODE${i}`, clientId: 'c' }) as AdapterPayload;

describe('the local provider store', () => {
  it('forgets device codes and their user-code index entries once expired, without being asked for them', async () => {
    const { store, advance } = storeAt();
    const codes = store.adapter('DeviceCode');
    const sessions = store.adapter('Session');
    for (let i = 0; i < 100; i++) await codes.upsert(`d${i}`, deviceCode(i), 900);
    expect(store.size()).toBe(200);
    expect(await codes.findByUserCode('CODE7')).toMatchObject({ userCode: 'CODE7' });
    // Past the grace an expired code is kept for (to answer expired_token), a later write sweeps.
    advance(900_000 + 24 * 3600 * 1000 + 1);
    await sessions.upsert('s', { uid: 'u' } as AdapterPayload, 60);
    expect(store.size()).toBe(2);
    expect(await codes.findByUserCode('CODE7')).toBeUndefined();
  });

  it('keeps an expired device code for its grace period so it can be told from an unknown one', async () => {
    const { store, advance } = storeAt();
    const codes = store.adapter('DeviceCode');
    await codes.upsert('d', deviceCode(1), 900);
    advance(901_000);
    expect(await codes.findByUserCode('CODE1')).toMatchObject({ userCode: 'CODE1' });
  });

  it('refuses a new entry when full of live ones, and makes room by dropping expired ones first', async () => {
    const { store, advance } = storeAt(50);
    const codes = store.adapter('DeviceCode');
    for (let i = 0; i < 25; i++) await codes.upsert(`d${i}`, deviceCode(i), 900);
    expect(store.size()).toBe(50);
    expect(store.hasRoom()).toBe(false);
    await expect(codes.upsert('extra', deviceCode(99), 900)).rejects.toBeInstanceOf(StoreFullError);
    expect(store.size()).toBe(50);
    // Expired but within the grace: under pressure those go first.
    advance(901_000);
    expect(store.hasRoom()).toBe(true);
    expect(store.size()).toBe(0);
    await codes.upsert('extra', deviceCode(99), 900);
    expect(await codes.findByUserCode('CODE99')).toMatchObject({ userCode: 'CODE99' });
  });

  it('an update of an entry already held is not refused when full', async () => {
    const { store } = storeAt(2);
    const sessions = store.adapter('Session');
    await sessions.upsert('a', {} as AdapterPayload, 60);
    await sessions.upsert('b', {} as AdapterPayload, 60);
    await sessions.upsert('a', { accountId: 'x' } as AdapterPayload, 60);
    expect(await sessions.find('a')).toMatchObject({ accountId: 'x' });
  });

  it('revokeByGrantId removes every entry of the grant, in every model, index entries included', async () => {
    const { store } = storeAt();
    await store.adapter('AuthorizationCode').upsert('code', { grantId: 'g1' } as AdapterPayload, 600);
    await store.adapter('RefreshToken').upsert('rt', { grantId: 'g1' } as AdapterPayload, 600);
    await store.adapter('DeviceCode').upsert('dc', { grantId: 'g1', userCode: 'U1' } as AdapterPayload, 600);
    await store.adapter('RefreshToken').upsert('other', { grantId: 'g2' } as AdapterPayload, 600);
    await store.adapter('RefreshToken').revokeByGrantId!('g1');
    expect(await store.adapter('RefreshToken').find('rt')).toBeUndefined();
    expect(await store.adapter('AuthorizationCode').find('code')).toBeUndefined();
    expect(await store.adapter('DeviceCode').findByUserCode!('U1')).toBeUndefined();
    expect(await store.adapter('RefreshToken').find('other')).toBeDefined();
    expect(store.size()).toBe(1);
  });

  it('an index entry left behind (its entry re-written under another user code) still expires on its own', async () => {
    const { store, advance } = storeAt();
    const codes = store.adapter('DeviceCode');
    await codes.upsert('d', deviceCode(1), 900);
    await codes.upsert('d', deviceCode(2), 900);
    advance(900_000 + 24 * 3600 * 1000 + 1);
    await store.adapter('Session').upsert('s', {} as AdapterPayload, 60);
    expect(store.size()).toBe(1);
  });

  it('a removed entry takes its index entries with it', async () => {
    const { store } = storeAt();
    const interactions = store.adapter('Interaction');
    await interactions.upsert('i', { uid: 'u1' } as AdapterPayload, 60);
    await interactions.destroy('i');
    expect(await interactions.findByUid!('u1')).toBeUndefined();
    expect(store.size()).toBe(0);
  });
});
