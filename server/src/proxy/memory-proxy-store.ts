import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { DEFAULT_CLIENT_IDLE_SECONDS, IDLE_MODELS, type ProxyStore } from './proxy-store.ts';

/** Options of {@link createMemoryProxyStore}. */
export interface MemoryProxyStoreOptions {
  /** Milliseconds since the epoch; tests move it to expire records without waiting. */
  readonly now?: () => number;
  /** Idle lifetime of a dynamically registered client. */
  readonly clientIdleSeconds?: number;
}

interface Entry {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

/**
 * The store for one instance: every record in a Map, with its TTL checked on read. Lost
 * on restart by design; several replicas need a shared store (Redis).
 */
export function createMemoryProxyStore(options: MemoryProxyStoreOptions = {}): ProxyStore {
  const now = options.now ?? Date.now;
  const clientIdleMs = (options.clientIdleSeconds ?? DEFAULT_CLIENT_IDLE_SECONDS) * 1000;
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();

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
    async take(model, id) {
      const k = `${model}:${id}`;
      const entry = live(k);
      entries.delete(k);
      return entry?.payload;
    },
  };
}
