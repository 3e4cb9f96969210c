import type { JWK, KoaContextWithOIDC, Session } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { ConsentStore } from './consent-store.ts';
import { DEV_USERS } from './dev-directory.ts';
import { DEVICE_CODE_TTL_SECONDS } from './local-defaults.ts';
import { createMemoryStore } from './memory-adapter.ts';
import { providerConfiguration } from './provider-configuration.ts';

describe('providerConfiguration', () => {
  it('a session nobody signed in to lives as long as a device code; a signed-in one a day', () => {
    const config = providerConfiguration({
      tenantId: 't',
      api: { clientId: 'c', scopeValue: 'access_as_user', tenantId: 't' },
      clients: [],
      users: DEV_USERS,
      signingKey: {} as JWK,
      consents: new ConsentStore(),
      store: createMemoryStore(),
    });
    const ttl = config.ttl!.Session as (ctx: KoaContextWithOIDC, session: Session) => number;
    const ctx = {} as KoaContextWithOIDC;
    expect(ttl(ctx, {} as Session)).toBe(DEVICE_CODE_TTL_SECONDS);
    expect(ttl(ctx, { accountId: DEV_USERS[0]!.oid } as Session)).toBe(24 * 3600);
  });
});
