import type { ProxyModeConfig } from '../proxy/load-proxy-config.ts';
import type { ConnectionLimits } from './load-connection-limits.ts';

/** The validated server configuration: built once at startup by `loadConfig`. */
export interface ServerConfig {
  /** A tenant GUID, or `organizations`/`common` (then `allowedTenants` is non-empty). */
  readonly tenant: string;
  readonly multiTenant: boolean;
  /** The app registration's client id: the audience the server accepts. */
  readonly clientId: string;
  /** Origin of the authority, without a trailing slash. */
  readonly authorityHost: string;
  /** `${authorityHost}/${tenant}/v2.0` (for multi-tenant: the `organizations`/`common` form). */
  readonly issuer: string;
  /** `MCP_PUBLIC_URL`, or `http://localhost:${port}`; undefined only when port 0 awaits the bound port. */
  readonly publicUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly requiredScope: string;
  /** The scope as a client asks for it: `api://{clientId}/{requiredScope}`. */
  readonly fullScope: string;
  /** `MCP_RESOURCE_IS_IDENTIFIER_URI`: `${MCP_PUBLIC_URL}/mcp` is an identifier URI of the registration, so scopes are named under it. */
  readonly resourceIsIdentifierUri: boolean;
  readonly requiredAppRole: string | undefined;
  readonly acceptV1Tokens: boolean;
  readonly allowedTenants: readonly string[];
  readonly allowedClientApps: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly clockSkewSeconds: number;
  readonly tokenAlgorithms: readonly string[];
  readonly jwksCooldownSeconds: number;
  readonly jwksRefreshSeconds: number;
  readonly logLevel: string;
  readonly resourceName: string;
  readonly maxBodyBytes: number;
  readonly connections: ConnectionLimits;
  /** `MCP_AUTH_MODE`: `direct` (Entra tokens only, the default) or `proxy` (issue 9). */
  readonly authMode: 'direct' | 'proxy';
  /** Proxy mode's settings; undefined in direct mode. */
  readonly proxy: ProxyModeConfig | undefined;
}
