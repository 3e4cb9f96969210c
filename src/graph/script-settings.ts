import { DEFAULT_AUTHORITY_HOST } from '../../server/src/entra/clouds.ts';
import { isGuid } from '../../server/src/entra/guid.ts';
import { isHttpsOrLoopbackUrl } from '../../server/src/entra/index.ts';
import { MICROSOFT_GRAPH_URLS } from '../../server/src/entra/national-clouds.ts';
import { isPowerPlatformConnectorRedirectUri, POWER_PLATFORM_CONNECTOR_REDIRECT_URI_FORM, type PowerPlatformOption } from '../registration/graph-shape.ts';
import { GraphScriptError } from './graph-script-error.ts';
import { AUTHORITY_DESTINATION, checkDestination, GRAPH_DESTINATION, KEY_VAULT_DESTINATION, type SecretDestination } from './trusted-hosts.ts';

/** The settings both Graph scripts share, merged and validated once at startup. */
export interface ScriptSettings {
  readonly tenantId?: string;
  readonly clientId?: string;
  /** `AZURE_AUTHORITY_HOST`: where the client-credentials check asks for a token. */
  readonly authorityHost: string;
  /** `MICROSOFT_GRAPH_URL`, without a version segment. */
  readonly graphUrl: string;
  /** `MICROSOFT_GRAPH_TOKEN`: used as-is instead of a credential. */
  readonly graphToken?: string;
  /** `KEY_VAULT_URL`: when set, `rotate-secret` also stores the new secret there. */
  readonly keyVaultUrl?: string;
  readonly keyVaultSecretName: string;
  /** `--auth`: which `@azure/identity` credential signs in when no token is given. */
  readonly auth: 'azure-cli' | 'default';
  /** `POWER_PLATFORM_CONNECTOR` (+ `_REDIRECT_URI`): the Pulumi program's connector option, for register-app. */
  readonly powerPlatform: PowerPlatformOption;
  /** `MCP_CLIENTS_CLIENT_ID`: the "entra-mcp clients" registration, once it exists. */
  readonly clientsClientId?: string;
  /** `${MCP_PUBLIC_URL}/mcp` from `--mcp-url` / `--public-url` or `MCP_PUBLIC_URL`: the resource clients send. */
  readonly mcpResource?: string;
  /** `--auth-mode` / `MCP_AUTH_MODE`: `proxy` adds the server's callback and credential (docs/proxy-mode.md). */
  readonly authMode: 'direct' | 'proxy';
  /** `--managed-identity` / `AZURE_MANAGED_IDENTITY_CLIENT_ID`: the user-assigned identity proxy mode trusts instead of a secret. */
  readonly managedIdentityClientId?: string;
  /** Lines to print before anything is sent: hosts let in by `--allow-*-host`. */
  readonly warnings: readonly string[];
}

/** The flags that override settings (names as typed on the command line). */
export interface SettingFlags {
  readonly tenant?: string;
  readonly 'client-id'?: string;
  readonly 'graph-url'?: string;
  readonly 'authority-host'?: string;
  readonly 'key-vault-url'?: string;
  readonly 'key-vault-secret-name'?: string;
  readonly auth?: string;
  readonly 'power-platform-connector'?: boolean;
  readonly 'power-platform-connector-redirect-uri'?: string;
  readonly 'mcp-url'?: string;
  /** The same setting as `--mcp-url` (`MCP_PUBLIC_URL`), under the name proxy mode's docs use. */
  readonly 'public-url'?: string;
  readonly 'auth-mode'?: string;
  readonly 'managed-identity'?: string;
  /** Hosts besides Microsoft's that may receive a client secret / a Graph token. */
  readonly 'allow-authority-host'?: readonly string[];
  readonly 'allow-graph-host'?: readonly string[];
  readonly 'allow-key-vault-host'?: readonly string[];
}

export const DEFAULT_SETTINGS = {
  authorityHost: DEFAULT_AUTHORITY_HOST,
  graphUrl: MICROSOFT_GRAPH_URLS[0] as string,
  /** Key Vault secret names allow letters, digits and dashes only. */
  keyVaultSecretName: 'entra-mcp-client-secret',
} as const;

function invalid(key: string, problem: string): GraphScriptError {
  return new GraphScriptError({ code: 'INVALID_SETTINGS', message: `${key} ${problem}`, advice: [`Fix ${key} in .env, the environment, or its flag.`] });
}

/** A URL that receives credentials: https, and a Microsoft host unless a flag lets another in. */
function destination(target: SecretDestination, value: string, allowed: readonly string[] | undefined, warnings: string[]): string {
  if (!URL.canParse(value)) throw invalid(target.key, `is not a URL: ${JSON.stringify(value)}`);
  const verdict = checkDestination(target, value, allowed ?? []);
  if (!verdict.ok) throw new GraphScriptError({ code: 'INVALID_SETTINGS', message: verdict.refusal.message, advice: verdict.refusal.advice });
  if (verdict.warning !== undefined) warnings.push(verdict.warning);
  return value.replace(/\/+$/, '');
}

/**
 * Pure: merges `.env`, the environment and flags (flags win, then the environment, then
 * `.env`) and validates every value once, naming the key that is wrong.
 *
 * @example
 * ```ts
 * loadScriptSettings({ AZURE_TENANT_ID: 'contoso.onmicrosoft.com' }, {}, {}).graphUrl; // 'https://graph.microsoft.com'
 * ```
 */
export function loadScriptSettings(dotenv: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>, flags: SettingFlags): ScriptSettings {
  const pick = (key: string, flag?: Exclude<keyof SettingFlags, 'power-platform-connector' | 'allow-authority-host' | 'allow-graph-host' | 'allow-key-vault-host' | 'public-url'>): string | undefined => {
    const value = (flag === undefined ? undefined : flags[flag]) ?? env[key] ?? dotenv[key];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const tenantId = pick('AZURE_TENANT_ID', 'tenant');
  if (tenantId !== undefined && !isGuid(tenantId) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenantId)) {
    throw invalid('AZURE_TENANT_ID', `must be a tenant GUID or domain: ${JSON.stringify(tenantId)}`);
  }
  const clientId = pick('AZURE_CLIENT_ID', 'client-id');
  if (clientId !== undefined && !isGuid(clientId)) throw invalid('AZURE_CLIENT_ID', `must be the application's client id (a GUID): ${JSON.stringify(clientId)}`);
  const keyVaultSecretName = pick('KEY_VAULT_SECRET_NAME', 'key-vault-secret-name') ?? DEFAULT_SETTINGS.keyVaultSecretName;
  if (!/^[0-9a-zA-Z-]{1,127}$/.test(keyVaultSecretName)) throw invalid('KEY_VAULT_SECRET_NAME', 'may hold only letters, digits and dashes (1-127)');
  const auth = flags.auth ?? 'azure-cli';
  if (auth !== 'azure-cli' && auth !== 'default') throw invalid('--auth', `must be azure-cli or default: ${JSON.stringify(auth)}`);
  const keyVaultUrl = pick('KEY_VAULT_URL', 'key-vault-url');
  const connector = flags['power-platform-connector'] === true ? 'true' : pick('POWER_PLATFORM_CONNECTOR');
  if (connector !== undefined && connector !== 'true' && connector !== 'false') throw invalid('POWER_PLATFORM_CONNECTOR', `must be true or false: ${JSON.stringify(connector)}`);
  const connectorRedirectUri = pick('POWER_PLATFORM_CONNECTOR_REDIRECT_URI', 'power-platform-connector-redirect-uri');
  if (connectorRedirectUri !== undefined && !isPowerPlatformConnectorRedirectUri(connectorRedirectUri)) {
    throw invalid('POWER_PLATFORM_CONNECTOR_REDIRECT_URI', `expected ${POWER_PLATFORM_CONNECTOR_REDIRECT_URI_FORM}, got ${JSON.stringify(connectorRedirectUri)}`);
  }
  const clientsClientId = pick('MCP_CLIENTS_CLIENT_ID');
  if (clientsClientId !== undefined && !isGuid(clientsClientId)) throw invalid('MCP_CLIENTS_CLIENT_ID', `must be the "entra-mcp clients" application's client id (a GUID): ${JSON.stringify(clientsClientId)}`);
  const publicUrl = flags['public-url'] ?? flags['mcp-url'];
  if (flags['public-url'] !== undefined && flags['mcp-url'] !== undefined && flags['public-url'] !== flags['mcp-url']) throw invalid('--public-url', 'and --mcp-url name the same setting (MCP_PUBLIC_URL): pass one');
  const mcpUrl = publicUrl?.trim() || pick('MCP_PUBLIC_URL');
  const authMode = (pick('MCP_AUTH_MODE', 'auth-mode') ?? 'direct').toLowerCase();
  if (authMode !== 'direct' && authMode !== 'proxy') throw invalid('--auth-mode', `must be direct or proxy (or MCP_AUTH_MODE): ${JSON.stringify(authMode)}`);
  const managedIdentityClientId = pick('AZURE_MANAGED_IDENTITY_CLIENT_ID', 'managed-identity');
  if (managedIdentityClientId !== undefined && !isGuid(managedIdentityClientId)) {
    throw invalid('--managed-identity', `must be the user-assigned managed identity's client id, a GUID (or AZURE_MANAGED_IDENTITY_CLIENT_ID): ${JSON.stringify(managedIdentityClientId)}`);
  }
  const warnings: string[] = [];
  return {
    authMode,
    managedIdentityClientId,
    clientsClientId,
    mcpResource: mcpUrl === undefined ? undefined : mcpResourceOf(mcpUrl, flags['public-url'] === undefined ? '--mcp-url' : '--public-url'),
    tenantId,
    clientId,
    // Where rotate-secret sends a brand-new client secret, and where Graph tokens go: a
    // hostile .env line must not redirect either (Microsoft's hosts, loopback stand-ins, or a flag).
    authorityHost: destination(AUTHORITY_DESTINATION, pick('AZURE_AUTHORITY_HOST', 'authority-host') ?? DEFAULT_SETTINGS.authorityHost, flags['allow-authority-host'], warnings),
    graphUrl: destination(GRAPH_DESTINATION, pick('MICROSOFT_GRAPH_URL', 'graph-url') ?? DEFAULT_SETTINGS.graphUrl, flags['allow-graph-host'], warnings),
    // No flag: a token on the command line would land in shell history and `ps`.
    graphToken: pick('MICROSOFT_GRAPH_TOKEN'),
    keyVaultUrl: keyVaultUrl === undefined ? undefined : destination(KEY_VAULT_DESTINATION, keyVaultUrl, flags['allow-key-vault-host'], warnings),
    keyVaultSecretName,
    auth,
    powerPlatform: { enabled: connector === 'true', connectorRedirectUri },
    warnings,
  };
}

/**
 * `--mcp-url` / `MCP_PUBLIC_URL`: the MCP server's public origin (`https://mcp.contoso.com`,
 * `/mcp` accepted too), as the resource clients send: `${origin}/mcp`. https only, or plain
 * http on loopback, as the server demands of its own URL.
 */
function mcpResourceOf(value: string, flag: '--mcp-url' | '--public-url'): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const path = url?.pathname.replace(/\/+$/, '');
  if (url === undefined || !isHttpsOrLoopbackUrl(value) || (path !== '' && path !== '/mcp') || url.search !== '' || url.hash !== '') {
    throw invalid(flag, `must be the MCP server's public https origin, e.g. https://mcp.contoso.com (or MCP_PUBLIC_URL): ${JSON.stringify(value)}`);
  }
  return `${url.origin}/mcp`;
}
