import { createHash } from 'node:crypto';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { DEFAULT_CLIENT_IDLE_SECONDS, IDLE_MODELS, type ProxyStore } from './proxy-store.ts';
import type { SecretBox } from './secret-box.ts';

/** The commands the store uses; a node-redis v5+ client (`createClient()`) provides them. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  getDel(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { expiration?: { type: 'EX' | 'PX'; value: number }; condition?: 'NX' }): Promise<string | null>;
  del(keys: string | string[]): Promise<number>;
  pTTL(key: string): Promise<number>;
  expire(key: string, seconds: number, mode?: 'NX' | 'GT'): Promise<number>;
  sAdd(key: string, members: string | string[]): Promise<number>;
  sMembers(key: string): Promise<string[]>;
}

/** Options of {@link createRedisProxyStore}. */
export interface RedisProxyStoreOptions {
  readonly redis: RedisCommands;
  /** Encrypts every stored value (AES-256-GCM); the first key seals, all open. */
  readonly box: SecretBox;
  /** Namespace of this deployment's keys. Default `entra-mcp:proxy:`. */
  readonly keyPrefix?: string;
  readonly clientIdleSeconds?: number;
}

const DAY_SECONDS = 24 * 3600;

/**
 * The store for several replicas: Redis, with Redis's own TTLs. Every value is sealed
 * with AES-GCM bound to its key, and key names carry a SHA-256 of the id, never the id:
 * oidc-provider's ids are the codes and refresh tokens themselves, so whoever reads
 * Redis learns nothing usable. Single use holds across replicas: `take` is GETDEL, and
 * a second `consume` (a code or refresh token redeemed on two replicas at once) loses a
 * SET NX and revokes the grant.
 */
export function createRedisProxyStore(options: RedisProxyStoreOptions): ProxyStore {
  const { redis, box } = options;
  const prefix = options.keyPrefix ?? 'entra-mcp:proxy:';
  const clientIdle = options.clientIdleSeconds ?? DEFAULT_CLIENT_IDLE_SECONDS;
  const hashed = (id: string): string => createHash('sha256').update(id).digest('base64url');
  const keyOf = (model: string, id: string): string => `${prefix}${model}:${hashed(id)}`;
  const grantSet = (grantId: string): string => `${prefix}grant:${hashed(grantId)}`;

  const read = async (key: string): Promise<AdapterPayload | undefined> => {
    const sealed = await redis.get(key);
    return sealed === null ? undefined : (JSON.parse(box.open(sealed, key)) as AdapterPayload);
  };
  const revoke = async (grantId: string): Promise<void> => {
    const members = await redis.sMembers(grantSet(grantId));
    await redis.del([...members, grantSet(grantId), keyOf('Grant', grantId)]);
  };

  const adapter = (model: string): Adapter => {
    const idle = IDLE_MODELS.has(model) ? clientIdle : undefined;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(model, id);
        const ttl = expiresIn !== undefined && expiresIn > 0 ? expiresIn : idle;
        const expiration = ttl === undefined ? undefined : { type: 'EX' as const, value: ttl };
        await redis.set(key, box.seal(JSON.stringify(payload), key), expiration === undefined ? undefined : { expiration });
        if (payload.grantId !== undefined) {
          await redis.sAdd(grantSet(payload.grantId), key);
          // The index lives as long as the longest record of the grant (refresh tokens): set
          // when new (NX), only ever lengthened (GT), so a later short-lived code cannot cut it.
          const indexTtl = Math.max(ttl ?? DAY_SECONDS, DAY_SECONDS);
          await redis.expire(grantSet(payload.grantId), indexTtl, 'NX');
          await redis.expire(grantSet(payload.grantId), indexTtl, 'GT');
        }
        if (payload.uid !== undefined) await redis.set(`${prefix}uid:${model}:${hashed(payload.uid)}`, id, expiration === undefined ? undefined : { expiration });
      },
      async find(id) {
        const key = keyOf(model, id);
        const payload = await read(key);
        if (payload === undefined) return undefined;
        // Registrations expire when unused: each use restarts the idle clock.
        if (idle !== undefined) await redis.expire(key, idle);
        const consumed = await redis.get(`${key}:consumed`);
        return consumed === null ? payload : { ...payload, consumed: Number(consumed) };
      },
      async findByUid(uid) {
        const id = await redis.get(`${prefix}uid:${model}:${hashed(uid)}`);
        return id === null ? undefined : read(keyOf(model, id));
      },
      async findByUserCode() {
        return undefined; // the device flow is not enabled in proxy mode
      },
      async consume(id) {
        const key = keyOf(model, id);
        const ttlMs = await redis.pTTL(key);
        if (ttlMs === -2) return; // gone
        const won = await redis.set(`${key}:consumed`, String(Math.floor(Date.now() / 1000)), { expiration: { type: 'PX', value: ttlMs > 0 ? ttlMs : DAY_SECONDS * 1000 }, condition: 'NX' });
        if (won === null) {
          const payload = await read(key);
          if (payload?.grantId !== undefined) await revoke(payload.grantId);
          throw new errors.InvalidGrant('grant source already consumed');
        }
      },
      async destroy(id) {
        const key = keyOf(model, id);
        await redis.del([key, `${key}:consumed`]);
      },
      revokeByGrantId: revoke,
    };
  };

  return {
    adapter,
    async take(model, id) {
      const key = keyOf(model, id);
      const sealed = await redis.getDel(key);
      return sealed === null ? undefined : (JSON.parse(box.open(sealed, key)) as AdapterPayload);
    },
  };
}
