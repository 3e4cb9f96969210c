import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { DEFAULT_CLIENT_IDLE_SECONDS, IDLE_MODELS, type ProxyStore } from './proxy-store.ts';

/** Options of {@link createMemoryProxyStore}. */
export interface MemoryProxyStoreOptions {
  /** Milliseconds since the epoch; tests move it to expire records without waiting. */
  readonly now?: () => number;
  /** Idle lifetime of a dynamically registered client. */
  readonly clientIdleSeconds?: number;
}

const SWEEP_EVERY_WRITES = 500;

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * The store for one instance: every record in a Map, with its TTL checked on read. Lost
 * on restart by design; several replicas need a shared store (Redis).
 */
export function createMemoryProxyStore(options: MemoryProxyStoreOptions = {}): ProxyStore & { size(): number } {
  const now = options.now ?? Date.now;
  const clientIdleMs = (options.clientIdleSeconds ?? DEFAULT_CLIENT_IDLE_SECONDS) * 1000;
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();

  // Expired records are dropped when read; those never read again (and the indexes that
  // point at them) are swept every so many writes, so a long-running instance stays small.
  let writes = 0;
  const sweep = (): void => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt !== undefined && entry.expiresAt <= at) entries.delete(key);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) byGrant.delete(grantId);
    }
    for (const [uidKey, id] of byUid) if (!entries.has(`${uidKey.slice(0, uidKey.indexOf(':'))}:${id}`)) byUid.delete(uidKey);
  };

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const revoke = async (grantId: string): Promise<void> => {
    for (const k of byGrant.get(grantId) ?? []) entries.delete(k);
    byGrant.delete(grantId);
    entries.delete(`Grant:${grantId}`);
  };

  const adapter = (model: string): Adapter => {
    const key = (id: string): string => `${model}:${id}`;
    // A registration that nobody uses expires; each use keeps it alive (issue 9: "expiring when unused").
    const idle = IDLE_MODELS.has(model) ? clientIdleMs : undefined;
    return {
      async upsert(id, payload, expiresIn) {
        if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
        const ttlMs = expiresIn !== undefined && expiresIn > 0 ? expiresIn * 1000 : idle;
        entries.set(key(id), { payload: structuredClone(payload), expiresAt: ttlMs === undefined ? undefined : now() + ttlMs });
        if (payload.grantId !== undefined) {
          const set = byGrant.get(payload.grantId) ?? new Set<string>();
          set.add(key(id));
          byGrant.set(payload.grantId, set);
        }
        if (payload.uid !== undefined) byUid.set(`${model}:${payload.uid}`, id);
      },
      async find(id) {
        const entry = live(key(id));
        if (entry !== undefined && idle !== undefined) entry.expiresAt = now() + idle;
        return entry === undefined ? undefined : structuredClone(entry.payload);
      },
      async findByUid(uid) {
        const id = byUid.get(`${model}:${uid}`);
        const entry = id === undefined ? undefined : live(key(id));
        return entry === undefined ? undefined : structuredClone(entry.payload);
      },
      async findByUserCode() {
        return undefined; // the device flow is not enabled in proxy mode
      },
      async consume(id) {
        const entry = live(key(id));
        if (entry === undefined) return;
        // oidc-provider finds, then consumes: two redemptions interleaving between the two
        // would both pass its check. Consuming twice is refused here, and revokes the grant.
        if (entry.payload.consumed !== undefined) {
          if (entry.payload.grantId !== undefined) await revoke(entry.payload.grantId);
          throw new errors.InvalidGrant('grant source already consumed');
        }
        entry.payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      revokeByGrantId: revoke,
    };
  };

  return {
    adapter,
    /** Records and index entries held (for tests of the sweep). */
    size: () => entries.size + byGrant.size + byUid.size,
    async take(model, id) {
      const k = `${model}:${id}`;
      const entry = live(k);
      entries.delete(k);
      return entry?.payload;
    },
  };
}
