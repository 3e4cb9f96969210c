import type { JWK } from 'oidc-provider';
import type { PreRegisteredClient } from './proxy-provider-configuration.ts';
import { ConfigError } from '../config/config-error.ts';
import { isGuid } from '../entra/index.ts';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * What the proxy redeems Entra's codes with: the app's client secret, or (secretless) a
 * token of the host's user-assigned managed identity, which a federated credential on the
 * app trusts (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * The identity is named by `AZURE_MANAGED_IDENTITY_CLIENT_ID` and used explicitly:
 * `AZURE_CLIENT_ID` is the app registration here, never the identity.
 */
export type UpstreamCredentialConfig =
  | { readonly kind: 'secret'; readonly secret: string }
  | {
      readonly kind: 'managedIdentity';
      readonly clientId: string;
      /** `IDENTITY_ENDPOINT` and `IDENTITY_HEADER`, which Container Apps sets for an app with an identity (https://learn.microsoft.com/azure/container-apps/managed-identity#rest-endpoint-reference). */
      readonly endpoint: string;
      readonly header: string;
    };

/** Proxy mode's settings, validated once at startup (issue 9). */
export interface ProxyModeConfig {
  readonly upstreamCredential: UpstreamCredentialConfig;
  /** Private JWKs; empty means one generated at startup (one instance only). */
  readonly signingKeys: readonly JWK[];
  /** Empty means random per process (one instance only). */
  readonly cookieKeys: readonly string[];
  /** 32-byte AES keys for values at rest in Redis; the first seals. */
  readonly encryptionKeys: readonly Buffer[];
  readonly redisUrl: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly clientIdleSeconds: number;
  readonly registrationsPerHour: number;
  readonly trustProxy: boolean;
  /** `MCP_PROXY_CLIENTS`: clients known from configuration (hosted connectors). */
  readonly preRegisteredClients: readonly PreRegisteredClient[];
}

/** Pure: `MCP_AUTH_MODE`, `direct` (Entra tokens only, the default) or `proxy`. */
export function authMode(env: Env): 'direct' | 'proxy' {
  const mode = (env['MCP_AUTH_MODE'] ?? '').trim().toLowerCase() || 'direct';
  if (mode !== 'direct' && mode !== 'proxy') throw new ConfigError('MCP_AUTH_MODE', `must be direct or proxy, not ${JSON.stringify(mode)}`, 'proxy');
  return mode;
}

function text(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function seconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, String(fallback));
  return n;
}

function signingKeys(env: Env): JWK[] {
  const raw = text(env, 'MCP_PROXY_SIGNING_KEYS');
  if (raw === undefined) return [];
  const example = `'{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"...","y":"...","d":"..."}]}'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MCP_PROXY_SIGNING_KEYS', 'is not JSON (a JWKS of private keys)', example);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError('MCP_PROXY_SIGNING_KEYS', 'must be a JWKS with at least one key', example);
  for (const key of keys as Record<string, unknown>[]) {
    const usable = (key['kty'] === 'EC' && key['crv'] === 'P-256') || key['kty'] === 'RSA';
    if (!usable || typeof key['d'] !== 'string' || typeof key['kid'] !== 'string') {
      throw new ConfigError('MCP_PROXY_SIGNING_KEYS', 'must hold private ES256 (EC P-256) or RS256 (RSA) keys, each with a kid (never a symmetric key)', example);
    }
  }
  return keys as JWK[];
}

function encryptionKeys(env: Env): Buffer[] {
  const raw = text(env, 'MCP_PROXY_ENCRYPTION_KEYS');
  if (raw === undefined) return [];
  return raw.split(',').map((k) => {
    const key = Buffer.from(k.trim(), 'base64');
    if (key.length !== 32) throw new ConfigError('MCP_PROXY_ENCRYPTION_KEYS', 'must be base64 keys of 32 bytes, comma separated, the newest first (openssl rand -base64 32)', '<openssl rand -base64 32>');
    return key;
  });
}

function preRegisteredClients(env: Env): PreRegisteredClient[] {
  const raw = text(env, 'MCP_PROXY_CLIENTS');
  if (raw === undefined) return [];
  const example = `'[{"client_id":"claude-ai","client_name":"Claude","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}]'`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('MCP_PROXY_CLIENTS', 'is not JSON', example);
  }
  const ok = (c: Record<string, unknown>): boolean =>
    typeof c['client_id'] === 'string' && c['client_id'] !== '' && typeof c['client_name'] === 'string' && Array.isArray(c['redirect_uris']) && c['redirect_uris'].every((u) => typeof u === 'string');
  if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'object' && c !== null && ok(c as Record<string, unknown>))) {
    throw new ConfigError('MCP_PROXY_CLIENTS', 'must be a JSON array of {client_id, client_name, redirect_uris}', example);
  }
  return parsed as PreRegisteredClient[];
}

/** Pure: exactly one upstream credential, and for a managed identity the host's endpoint for its tokens. */
function upstreamCredentialConfig(env: Env): UpstreamCredentialConfig {
  const secret = text(env, 'MCP_PROXY_CLIENT_SECRET');
  const identity = text(env, 'AZURE_MANAGED_IDENTITY_CLIENT_ID');
  if (secret !== undefined && identity !== undefined) {
    throw new ConfigError(
      'AZURE_MANAGED_IDENTITY_CLIENT_ID',
      "and MCP_PROXY_CLIENT_SECRET are both set, but proxy mode redeems Entra's codes with one credential: unset MCP_PROXY_CLIENT_SECRET to go secretless with the managed identity, or unset AZURE_MANAGED_IDENTITY_CLIENT_ID to keep the secret",
      '<empty, to keep the secret>',
    );
  }
  if (secret !== undefined) return { kind: 'secret', secret };
  if (identity === undefined) {
    throw new ConfigError(
      'MCP_PROXY_CLIENT_SECRET',
      "is required in proxy mode, or (secretless, on Azure) AZURE_MANAGED_IDENTITY_CLIENT_ID: one credential to redeem Entra's codes, the app registration's client secret or the client id of a user-assigned managed identity that a federated credential on the app trusts",
      '<secret from register-app or Key Vault>',
    );
  }
  if (!isGuid(identity)) throw new ConfigError('AZURE_MANAGED_IDENTITY_CLIENT_ID', "must be the managed identity's client id (a GUID), not its name or resource id", '<managed identity client id>');
  const endpoint = text(env, 'IDENTITY_ENDPOINT');
  const header = text(env, 'IDENTITY_HEADER');
  if (endpoint === undefined || header === undefined) {
    throw new ConfigError(
      'AZURE_MANAGED_IDENTITY_CLIENT_ID',
      `is set but this host has no managed identity endpoint (${endpoint === undefined ? 'IDENTITY_ENDPOINT' : 'IDENTITY_HEADER'} is not set); on Container Apps assign the identity to the app, or use MCP_PROXY_CLIENT_SECRET instead`,
      '<managed identity client id, on a host with the identity assigned>',
    );
  }
  if (!/^https?:\/\//.test(endpoint) || !URL.canParse(endpoint)) throw new ConfigError('IDENTITY_ENDPOINT', 'must be an http(s) URL (Container Apps sets it, e.g. http://localhost:42356/msi/token)', 'http://localhost:42356/msi/token');
  return { kind: 'managedIdentity', clientId: identity.toLowerCase(), endpoint, header };
}

/**
 * Pure: reads proxy mode's variables. Several replicas (`MCP_PROXY_REDIS_URL` set) must
 * share their keys, so the keys are then required; one instance may let them be made
 * at startup.
 */
export function loadProxyConfig(env: Env): ProxyModeConfig {
  const upstreamCredential = upstreamCredentialConfig(env);
  const redisUrl = text(env, 'MCP_PROXY_REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('MCP_PROXY_REDIS_URL', 'must be a redis:// or rediss:// URL', 'rediss://:password@my-cache.redis.cache.windows.net:6380');
  const config: ProxyModeConfig = {
    upstreamCredential,
    signingKeys: signingKeys(env),
    cookieKeys: (text(env, 'MCP_PROXY_COOKIE_KEYS') ?? '').split(',').map((k) => k.trim()).filter((k) => k !== ''),
    encryptionKeys: encryptionKeys(env),
    redisUrl,
    accessTokenTtlSeconds: seconds(env, 'MCP_PROXY_ACCESS_TOKEN_TTL', 600, 60, 3600),
    refreshTokenTtlSeconds: seconds(env, 'MCP_PROXY_REFRESH_TOKEN_TTL', 14 * 24 * 3600, 3600, 90 * 24 * 3600),
    clientIdleSeconds: seconds(env, 'MCP_PROXY_CLIENT_IDLE_TTL', 30 * 24 * 3600, 3600, 365 * 24 * 3600),
    registrationsPerHour: seconds(env, 'MCP_PROXY_REGISTRATIONS_PER_HOUR', 20, 1, 10_000),
    trustProxy: (text(env, 'MCP_PROXY_TRUST_FORWARDED') ?? 'false').toLowerCase() === 'true',
    preRegisteredClients: preRegisteredClients(env),
  };
  if (redisUrl !== undefined) {
    for (const [name, present] of [['MCP_PROXY_SIGNING_KEYS', config.signingKeys.length > 0], ['MCP_PROXY_COOKIE_KEYS', config.cookieKeys.length > 0], ['MCP_PROXY_ENCRYPTION_KEYS', config.encryptionKeys.length > 0]] as const) {
      if (!present) throw new ConfigError(name, 'is required with MCP_PROXY_REDIS_URL: every replica must hold the same keys', name === 'MCP_PROXY_ENCRYPTION_KEYS' ? '<openssl rand -base64 32>' : '<shared value>');
    }
  }
  if (config.cookieKeys.some((k) => k.length < 32)) throw new ConfigError('MCP_PROXY_COOKIE_KEYS', 'must be keys of at least 32 characters, comma separated', '<openssl rand -base64 32>');
  return config;
}
