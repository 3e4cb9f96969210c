import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Models oidc-provider looks up with `ignoreExpiration` so that it can tell an expired
 * one from an unknown one: an expired device code is Entra's `expired_token`
 * (AADSTS70019, https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code),
 * not `bad_verification_code`, and an expired authorization code or refresh token is
 * AADSTS70008 (check-grant-source.ts). The store keeps these a while past their expiry
 * (the models check `exp` themselves), and drops them first when it runs out of room.
 */
const KEPT_PAST_EXPIRY = new Set(['DeviceCode', 'AuthorizationCode', 'RefreshToken']);
const GRACE_MS = 24 * 3600 * 1000;
/** How often (by the store's clock) a write also sweeps out every expired entry. */
const SWEEP_INTERVAL_MS = 60 * 1000;

/** Default bound of the store: far above what a person signing in uses, far below what hurts a laptop. */
export const DEFAULT_MAX_STORED_ENTRIES = 5000;

/** The store refused a new entry: it holds `maxEntries` live ones. */
export class StoreFullError extends Error {
  constructor(maxEntries: number) {
    super(`the local identity provider holds ${maxEntries} live codes, sessions and grants, its limit`);
    this.name = 'StoreFullError';
  }
}

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; undefined lives as long as the process. */
  expiresAt: number | undefined;
  /** Epoch ms after which it goes even though its model is looked up past expiry. */
  dropAt: number | undefined;
  grantId: string | undefined;
  /** For index entries (`userCode:`, `uid:`): the key of the entry they point at. */
  target?: string;
  /** For entries: the keys of their index entries, removed with them. */
  indexes?: readonly string[];
}

/** Options of {@link createMemoryStore}; tests inject the clock and a small bound. */
export interface MemoryStoreOptions {
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** The store and what the front layer asks of it. */
export interface MemoryStore {
  /** oidc-provider's `adapter` option. */
  readonly adapter: (name: string) => Adapter;
  /** Entries held, index entries included. */
  size(): number;
  /** Whether a new flow may start: live entries (after a sweep) leave room for its few writes. */
  hasRoom(): boolean;
}

/**
 * oidc-provider's storage, in memory on purpose: the local provider's codes, sessions and
 * grants live no longer than `npm run dev` does. Every entry, the user-code and uid index
 * entries included, expires with what it stores, and the store is bounded: a flood of
 * unauthenticated device code requests fills it to `maxEntries` and no further
 * (the front layer then answers 429, as Entra throttles), and memory comes back as the
 * entries expire. (oidc-provider's bundled adapter warns on every start that it is not
 * for production, which this never is, and expires nothing it is not asked for.)
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_STORED_ENTRIES;
  const now = options.now ?? Date.now;
  const store = new Map<string, Entry>();
  const grants = new Map<string, Set<string>>();
  let nextSweep = now() + SWEEP_INTERVAL_MS;
  let nextPressureSweep = now();

  const remove = (key: string): void => {
    const entry = store.get(key);
    if (entry === undefined) return;
    store.delete(key);
    for (const index of entry.indexes ?? []) store.delete(index);
    if (entry.grantId !== undefined) {
      const set = grants.get(entry.grantId);
      set?.delete(key);
      if (set?.size === 0) grants.delete(entry.grantId);
    }
  };
  /** Drops what is past its keeping time; under `pressure` also what is only kept past expiry. */
  const sweep = (pressure: boolean): void => {
    const t = now();
    for (const [key, entry] of store) {
      const limit = pressure ? entry.expiresAt : entry.dropAt;
      if (limit !== undefined && limit <= t) remove(key);
    }
    nextSweep = t + SWEEP_INTERVAL_MS;
  };
  const sweepIfDue = (): void => {
    if (now() >= nextSweep) sweep(false);
  };
  const live = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    if (entry.dropAt !== undefined && entry.dropAt <= now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  };
  const put = (key: string, entry: Entry): void => {
    if (!store.has(key) && store.size >= maxEntries) {
      sweep(true);
      if (store.size >= maxEntries) throw new StoreFullError(maxEntries);
    }
    store.set(key, entry);
  };

  const adapter = (name: string): Adapter => {
    const key = (id: string): string => `${name}:${id}`;
    const grace = KEPT_PAST_EXPIRY.has(name) ? GRACE_MS : 0;
    const viaIndex = (indexKey: string): AdapterPayload | undefined => {
      const target = store.get(indexKey)?.target;
      const payload = target === undefined ? undefined : live(target);
      if (payload === undefined) remove(indexKey);
      return payload;
    };
    return {
      async upsert(id, payload, expiresIn) {
        sweepIfDue();
        const expiresAt = expiresIn !== undefined && expiresIn > 0 ? now() + expiresIn * 1000 : undefined;
        const dropAt = expiresAt === undefined ? undefined : expiresAt + grace;
        const grantId = typeof payload.grantId === 'string' ? payload.grantId : undefined;
        // The index entries go with their entry: same keeping time, removed with it.
        const indexes = [
          ...(payload.userCode === undefined ? [] : [`${name}:userCode:${payload.userCode}`]),
          ...(payload.uid === undefined ? [] : [`${name}:uid:${payload.uid}`]),
        ];
        put(key(id), { payload, expiresAt, dropAt, grantId, indexes });
        for (const index of indexes) put(index, { payload: {} as AdapterPayload, expiresAt, dropAt, grantId: undefined, target: key(id) });
        if (grantId !== undefined) grants.set(grantId, (grants.get(grantId) ?? new Set<string>()).add(key(id)));
      },
      async find(id) {
        return live(key(id));
      },
      async findByUserCode(userCode) {
        return viaIndex(`${name}:userCode:${userCode}`);
      },
      async findByUid(uid) {
        return viaIndex(`${name}:uid:${uid}`);
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        remove(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of [...(grants.get(grantId) ?? [])]) remove(k);
        grants.delete(grantId);
      },
    };
  };

  return {
    adapter,
    size: () => store.size,
    hasRoom: () => {
      sweepIfDue();
      // A flow writes a handful of entries (interaction, session, grant, code, index). When
      // short of room, sweep at most once a second: a flood must not buy a full scan per request.
      if (store.size + 16 > maxEntries && now() >= nextPressureSweep) {
        sweep(true);
        nextPressureSweep = now() + 1000;
      }
      return store.size + 16 <= maxEntries;
    },
  };
}
