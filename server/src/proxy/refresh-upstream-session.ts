import { IDENTITY_MODEL, type ProxyIdentity, type VerifiedEntraCaller } from './proxy-identity.ts';
import type { ProxyStore } from './proxy-store.ts';
import type { UpstreamEntra } from './upstream-entra.ts';

export interface UpstreamRefreshSetup {
  readonly store: ProxyStore;
  readonly upstream: UpstreamEntra;
  readonly verifyEntraAccessToken: (token: string) => Promise<VerifiedEntraCaller>;
  readonly refreshTokenTtlSeconds: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly onError?: ((message: string) => void) | undefined;
}

/**
 * Before the proxy refreshes a client's tokens, refreshes the Entra session behind them
 * once Entra's access token has expired: a person disabled, deleted or signed out at
 * Entra then loses access within one of the proxy's access-token lifetimes, because
 * Entra refuses the refresh (https://learn.microsoft.com/entra/identity-platform/refresh-tokens)
 * and the proxy revokes the grant. Runs in front of oidc-provider's token endpoint,
 * which then answers `invalid_grant` for a revoked grant as for any other.
 */
export function createUpstreamSessionRefresher(setup: UpstreamRefreshSetup): (proxyRefreshToken: string) => Promise<void> {
  const { store } = setup;
  return async (proxyRefreshToken) => {
    const record = await store.adapter('RefreshToken').find(proxyRefreshToken);
    const grantId = record?.grantId;
    if (grantId === undefined || record?.consumed !== undefined) return; // oidc-provider answers these
    const identity = (await store.adapter(IDENTITY_MODEL).find(grantId)) as unknown as ProxyIdentity | undefined;
    if (identity === undefined || identity.entraExpiresAt * 1000 > setup.now()) return;
    try {
      if (identity.entraRefreshToken === undefined) throw new Error('no Entra refresh token held');
      const tokens = await setup.upstream.refresh(identity.entraRefreshToken);
      const caller = await setup.verifyEntraAccessToken(tokens.accessToken);
      if (caller.oid !== identity.oid || caller.tid !== identity.tid) throw new Error('Entra answered for another person');
      const renewed: ProxyIdentity = { ...identity, name: caller.name, scp: caller.scopes.join(' '), entraExpiresAt: caller.expiresAt, entraRefreshToken: tokens.refreshToken ?? identity.entraRefreshToken };
      await store.adapter(IDENTITY_MODEL).upsert(grantId, { ...renewed, grantId }, setup.refreshTokenTtlSeconds);
    } catch (error) {
      const code = (error as { error?: unknown }).error;
      setup.onError?.(`Entra refused to refresh a session (${typeof code === 'string' ? code : error instanceof Error ? error.message : 'error'}); its grant is revoked`);
      await store.adapter('Grant').revokeByGrantId(grantId);
    }
  };
}
