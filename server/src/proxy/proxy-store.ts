import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * Everything the proxy remembers, behind one interface: oidc-provider's models
 * (registered clients, interactions, codes, refresh tokens, grants) through its storage
 * adapter contract (https://github.com/panva/node-oidc-provider/blob/v9.x/example/my_adapter.js),
 * and the proxy's own records (pending Entra sign-ins, the Entra identity behind a grant,
 * consent CSRF tokens) as further model names of the same store.
 */
export interface ProxyStore {
  /** oidc-provider's adapter for one model name (`Client`, `AuthorizationCode`, ...). */
  adapter(model: string): Adapter;
  /**
   * Finds and deletes in one step, so that of two concurrent redemptions (two replicas,
   * two tabs) exactly one gets the record: the single-use rule of pending sign-ins.
   */
  take(model: string, id: string): Promise<AdapterPayload | undefined>;
}

/** Registered clients expire when unused this long; every use (a `find`) restarts the clock. */
export const DEFAULT_CLIENT_IDLE_SECONDS = 30 * 24 * 3600;

/** Records that live while used: a registration, and the registration access token issued with it. */
export const IDLE_MODELS: ReadonlySet<string> = new Set(['Client', 'RegistrationAccessToken']);
