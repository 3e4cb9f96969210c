import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Models oidc-provider looks up with `ignoreExpiration` so that it can tell an expired
 * one from an unknown one: an expired device code is Entra's `expired_token`
 * (AADSTS70019, ED:v2-oauth2-device-code.md), not `bad_verification_code`, and an expired
 * authorization code or refresh token is AADSTS70008 (check-grant-source.ts). The
 * adapter keeps these a day past their expiry; the models check `exp` themselves.
 */
const KEPT_PAST_EXPIRY = new Set(['DeviceCode', 'AuthorizationCode', 'RefreshToken']);
const GRACE_MS = 24 * 3600 * 1000;

/**
 * oidc-provider's storage, in memory on purpose: the local provider's codes, sessions and
 * grants live as long as `npm run dev` does. (oidc-provider's bundled adapter works too
 * but warns on every start that it is not for production, which this never is.)
 */
export function memoryAdapterFactory(): (name: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number | undefined }>();
  const grants = new Map<string, Set<string>>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (entry === undefined) return undefined;
    const grace = KEPT_PAST_EXPIRY.has(key.slice(0, key.indexOf(':'))) ? GRACE_MS : 0;
    if (entry.expiresAt !== undefined && entry.expiresAt + grace <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return (name: string): Adapter => {
    const key = (id: string): string => `${name}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        store.set(key(id), { payload, expiresAt: expiresIn !== undefined && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined });
        if (payload.userCode !== undefined) store.set(`${name}:userCode:${payload.userCode}`, { payload: { id } as AdapterPayload, expiresAt: undefined });
        if (payload.uid !== undefined) store.set(`${name}:uid:${payload.uid}`, { payload: { id } as AdapterPayload, expiresAt: undefined });
        if (payload.grantId !== undefined) {
          const set = grants.get(payload.grantId) ?? new Set<string>();
          set.add(key(id));
          grants.set(payload.grantId, set);
        }
      },
      async find(id) {
        return live(key(id));
      },
      async findByUserCode(userCode) {
        const ref = live(`${name}:userCode:${userCode}`);
        return ref === undefined ? undefined : live(key(String(ref.id)));
      },
      async findByUid(uid) {
        const ref = live(`${name}:uid:${uid}`);
        return ref === undefined ? undefined : live(key(String(ref.id)));
      },
      async consume(id) {
        const payload = live(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of grants.get(grantId) ?? []) store.delete(k);
        grants.delete(grantId);
      },
    };
  };
}
