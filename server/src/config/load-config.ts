import { entraV2Issuer, EXAMPLE_GUID, isGuid, isLoopbackHostname } from '../entra/index.ts';
import { ConfigError } from './config-error.ts';
import { defaults, MULTI_TENANT_ALIASES } from './defaults.ts';
import { loadConnectionLimits } from './load-connection-limits.ts';
import { boolean, type Env, integer, list, value } from './read-env.ts';
import type { ServerConfig } from './server-config.ts';
import { isLogLevel } from '../logger.ts';
import { authMode, loadProxyConfig } from '../proxy/load-proxy-config.ts';

function guid(env: Env, name: string): string {
  const raw = value(env, name);
  if (raw === undefined) throw new ConfigError(name, 'is required', EXAMPLE_GUID);
  if (!isGuid(raw)) throw new ConfigError(name, 'must be a GUID', EXAMPLE_GUID);
  return raw.toLowerCase();
}

/** An origin (scheme://host[:port]); `http:` only on loopback, where a local provider or server runs. */
function origin(env: Env, name: string, fallback: string, example: string): string {
  const raw = value(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an absolute URL', example);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHostname(url.hostname))) {
    throw new ConfigError(name, 'must use https (http is accepted only on a loopback host)', example);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(name, 'must be an origin with no path, query or fragment', example);
  }
  return url.origin;
}

/**
 * Reads and validates the server's settings once, at startup. Throws `ConfigError`
 * naming the variable and an example value; nothing reads `process.env` after this.
 */
export function loadConfig(env: Env): ServerConfig {
  const tenantRaw = value(env, 'AZURE_TENANT_ID');
  if (tenantRaw === undefined) throw new ConfigError('AZURE_TENANT_ID', 'is required', EXAMPLE_GUID);
  const multiTenant = (MULTI_TENANT_ALIASES as readonly string[]).includes(tenantRaw.toLowerCase());
  if (!multiTenant && !isGuid(tenantRaw)) {
    throw new ConfigError('AZURE_TENANT_ID', 'must be a tenant GUID, or organizations/common for multi-tenant', EXAMPLE_GUID);
  }
  const tenant = tenantRaw.toLowerCase();
  const allowedTenants = list(env, 'ALLOWED_TENANTS').map((t) => t.toLowerCase());
  if (multiTenant && allowedTenants.length === 0) {
    throw new ConfigError('ALLOWED_TENANTS', `is required when AZURE_TENANT_ID is ${tenant}`, `${EXAMPLE_GUID},11111111-1111-1111-1111-111111111111`);
  }
  const badTenant = allowedTenants.find((t) => !isGuid(t));
  if (badTenant !== undefined) throw new ConfigError('ALLOWED_TENANTS', 'must list tenant GUIDs', EXAMPLE_GUID);

  const clientId = guid(env, 'AZURE_CLIENT_ID');
  const authorityHost = origin(env, 'AZURE_AUTHORITY_HOST', defaults.AZURE_AUTHORITY_HOST, defaults.AZURE_AUTHORITY_HOST);
  const port = integer(env, 'PORT', defaults.PORT, 0, 65535);
  const host = value(env, 'HOST') ?? defaults.HOST;
  const publicUrlRaw = value(env, 'MCP_PUBLIC_URL');
  const publicUrl =
    publicUrlRaw !== undefined
      ? origin(env, 'MCP_PUBLIC_URL', publicUrlRaw, 'https://mcp.example.com')
      : port === 0
        ? undefined
        : `http://localhost:${port}`;

  const requiredScope = value(env, 'REQUIRED_SCOPE') ?? defaults.REQUIRED_SCOPE;
  if (/\s/.test(requiredScope)) throw new ConfigError('REQUIRED_SCOPE', 'must be one scope value', defaults.REQUIRED_SCOPE);

  const clockSkewSeconds = integer(env, 'CLOCK_SKEW_SECONDS', defaults.CLOCK_SKEW_SECONDS, 0, defaults.MAX_CLOCK_SKEW_SECONDS);
  const tokenAlgorithms = list(env, 'TOKEN_ALGORITHMS');
  const unsafe = tokenAlgorithms.find((a) => !/^(RS|PS|ES)(256|384|512)$/.test(a));
  if (unsafe !== undefined) {
    throw new ConfigError('TOKEN_ALGORITHMS', 'may list only asymmetric algorithms (RS256, PS256, ES256, ...)', 'RS256');
  }
  const allowedClientApps = list(env, 'ALLOWED_CLIENT_APPS').map((a) => a.toLowerCase());
  if (allowedClientApps.some((a) => !isGuid(a))) {
    throw new ConfigError('ALLOWED_CLIENT_APPS', 'must list client ids (GUIDs)', '04b07795-8ddb-461a-bbee-02f9e1bf7b46');
  }
  const mode = authMode(env);
  // In proxy mode the server signs in at Entra as its own app, so Entra's tokens behind every
  // proxy token name AZURE_CLIENT_ID as their client: a list without it would let no proxy sign-in in.
  if (mode === 'proxy' && allowedClientApps.length > 0 && !allowedClientApps.includes(clientId)) {
    throw new ConfigError('ALLOWED_CLIENT_APPS', `must list AZURE_CLIENT_ID (${clientId}) in proxy mode: the proxy is the Entra client behind every MCP client that signs in through it`, `${clientId},04b07795-8ddb-461a-bbee-02f9e1bf7b46`);
  }
  const allowedOrigins = list(env, 'ALLOWED_ORIGINS').map((o) => origin({ ALLOWED_ORIGINS: o }, 'ALLOWED_ORIGINS', o, 'https://vscode.dev'));

  const logLevel = value(env, 'LOG_LEVEL') ?? defaults.LOG_LEVEL;
  if (!isLogLevel(logLevel)) {
    throw new ConfigError('LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent', defaults.LOG_LEVEL);
  }

  return {
    tenant,
    multiTenant,
    clientId,
    authorityHost,
    issuer: entraV2Issuer(authorityHost, tenant),
    publicUrl,
    port,
    host,
    requiredScope,
    fullScope: `api://${clientId}/${requiredScope}`,
    resourceIsIdentifierUri: boolean(env, 'MCP_RESOURCE_IS_IDENTIFIER_URI', false),
    requiredAppRole: value(env, 'REQUIRED_APP_ROLE'),
    acceptV1Tokens: boolean(env, 'ACCEPT_V1_TOKENS', defaults.ACCEPT_V1_TOKENS),
    allowedTenants,
    allowedClientApps,
    allowedOrigins,
    clockSkewSeconds,
    tokenAlgorithms: tokenAlgorithms.length > 0 ? tokenAlgorithms : defaults.TOKEN_ALGORITHMS,
    jwksCooldownSeconds: integer(env, 'JWKS_COOLDOWN_SECONDS', defaults.JWKS_COOLDOWN_SECONDS, 0, 86_400),
    jwksRefreshSeconds: integer(env, 'JWKS_REFRESH_SECONDS', defaults.JWKS_REFRESH_SECONDS, 60, 86_400),
    logLevel,
    resourceName: value(env, 'RESOURCE_NAME') ?? defaults.RESOURCE_NAME,
    maxBodyBytes: defaults.MAX_BODY_BYTES,
    connections: loadConnectionLimits(env),
    authMode: mode,
    proxy: mode === 'proxy' ? loadProxyConfig(env) : undefined,
  };
}
