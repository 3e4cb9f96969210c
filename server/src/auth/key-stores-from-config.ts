import type { ServerConfig } from '../config/server-config.ts';
import { entraV2Issuer, TENANT_ID_PLACEHOLDER } from '../entra/index.ts';
import type { Logger } from '../logger.ts';
import { type KeyStoreEvent, SigningKeyStore } from './signing-key-store.ts';

export interface KeyStoreWiring {
  readonly fetch?: typeof fetch | undefined;
  readonly now?: (() => number) | undefined;
}

/**
 * Logs what the key stores report. The first failure before any key has loaded is an error, for
 * it refuses every token; the retries (every 5 s until keys load) are warnings.
 */
export function logKeyEvents(logger: Logger): (event: KeyStoreEvent) => void {
  const reported = new Set<string>();
  return (event) => {
    if (event.type === 'keys_loaded') logger.debug(event, 'signing keys loaded');
    else if (event.type === 'key_skipped') logger.warn(event, 'a JWKS entry was skipped');
    else if (event.everLoaded) logger.warn(event, 'signing keys could not be fetched; keeping the keys already held');
    else {
      const first = !reported.has(event.url);
      reported.add(event.url);
      logger[first ? 'error' : 'warn'](event, 'signing keys could not be fetched: every token is answered 503 until they load');
    }
  };
}

/**
 * The v2 key store (and the v1 one when v1 tokens are accepted), with the settings' seconds
 * turned into the milliseconds the stores count in.
 */
export function keyStoresFromConfig(config: ServerConfig, wiring: KeyStoreWiring, onEvent: (e: KeyStoreEvent) => void) {
  const common = {
    cooldownMs: config.jwksCooldownSeconds * 1000,
    refreshMs: config.jwksRefreshSeconds * 1000,
    onEvent,
    ...(wiring.fetch === undefined ? {} : { fetch: wiring.fetch }),
    ...(wiring.now === undefined ? {} : { now: wiring.now }),
  };
  // Multi-tenant metadata names the literal `{tenantid}` template
  // (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
  const expectedV2 = config.multiTenant ? entraV2Issuer(config.authorityHost, TENANT_ID_PLACEHOLDER) : config.issuer;
  const v2 = new SigningKeyStore({
    ...common,
    discoveryUrl: `${config.issuer}/.well-known/openid-configuration`,
    checkIssuer: (issuer) => (issuer === expectedV2 ? undefined : `the discovery document names issuer ${issuer}, expected ${expectedV2}`),
  });
  // v1 tokens are validated with v1 metadata
  // (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc), whose issuer is
  // `https://sts.windows.net/{tid}/` in the public cloud and differs in sovereign clouds.
  const v1Tenant = config.multiTenant ? TENANT_ID_PLACEHOLDER : config.tenant;
  const v1 = config.acceptV1Tokens
    ? new SigningKeyStore({
        ...common,
        discoveryUrl: `${config.authorityHost}/${config.tenant}/.well-known/openid-configuration`,
        checkIssuer: (issuer) => (issuer.endsWith(`/${v1Tenant}/`) ? undefined : `the v1 discovery document names issuer ${issuer}, for another tenant`),
      })
    : undefined;
  return { v2, v1 };
}
