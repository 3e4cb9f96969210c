import type { ServerConfig } from '../config/server-config.ts';

/** What a token must be to be let in: derived once from the configuration. */
export interface AccessTokenPolicy {
  readonly clientId: string;
  /** The tenant GUID, or undefined in multi-tenant mode (then `allowedTenants` decides). */
  readonly tenantId: string | undefined;
  readonly allowedTenants: readonly string[];
  readonly authorityHost: string;
  readonly acceptV1Tokens: boolean;
  readonly algorithms: readonly string[];
  readonly clockSkewSeconds: number;
  readonly requiredScope: string;
  readonly fullScope: string;
  readonly requiredAppRole: string | undefined;
  readonly allowedClientApps: readonly string[];
}

export function policyFromConfig(config: ServerConfig): AccessTokenPolicy {
  return {
    clientId: config.clientId,
    tenantId: config.multiTenant ? undefined : config.tenant,
    allowedTenants: config.allowedTenants,
    authorityHost: config.authorityHost,
    acceptV1Tokens: config.acceptV1Tokens,
    algorithms: config.tokenAlgorithms,
    clockSkewSeconds: config.clockSkewSeconds,
    requiredScope: config.requiredScope,
    fullScope: config.fullScope,
    requiredAppRole: config.requiredAppRole,
    allowedClientApps: config.allowedClientApps,
  };
}
