import { DEFAULT_AUTHORITY_HOST } from './clouds.ts';

/**
 * Microsoft Entra's authority hosts in the public and national clouds: where a client secret
 * may be sent. The primary host of each cloud is the one `@azure/identity` names in
 * `AzureAuthorityHosts` (AzurePublicCloud, AzureChina, AzureGovernment; AzureGermany closed
 * in 2021 and is left out). The others are the aliases Microsoft documents for the same clouds:
 * https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud
 * (login.partner.microsoftonline.cn), and the aliases Entra's instance discovery answers
 * (https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=https://login.microsoftonline.com/common/oauth2/v2.0/authorize:
 * login.microsoft.com, login.windows.net; login.usgovcloudapi.net).
 */
export const MICROSOFT_AUTHORITY_HOSTS: readonly string[] = [
  DEFAULT_AUTHORITY_HOST,
  'https://login.chinacloudapi.cn',
  'https://login.microsoftonline.us',
  'https://login.microsoft.com',
  'https://login.windows.net',
  'https://login.partner.microsoftonline.cn',
  'https://login.usgovcloudapi.net',
];

/**
 * Microsoft Graph's root endpoints in the public and national clouds: where a Graph token may
 * be sent. The list of https://learn.microsoft.com/graph/deployments (global service, US
 * Government L4 and L5 (DoD), China operated by 21Vianet).
 */
export const MICROSOFT_GRAPH_URLS: readonly string[] = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
];

/**
 * Azure Key Vault's DNS suffixes in the public and national clouds (the vault is
 * `https://{name}.{suffix}`; the token scope is `https://{suffix}/.default`), from the table in
 * https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates
 * (Azure Germany's `vault.microsoftazure.de` closed with that cloud and is left out).
 */
export const KEY_VAULT_DNS_SUFFIXES: readonly string[] = ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net'];

/** Whether `url` is a vault of Azure Key Vault: https, `{name}.{suffix}` for one of its DNS suffixes, default port. */
export function isKeyVaultUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  return u.protocol === 'https:' && u.port === '' && KEY_VAULT_DNS_SUFFIXES.some((suffix) => u.hostname.endsWith(`.${suffix}`));
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    // A path, query or credentials would mean this is not the bare host the lists name.
    if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '' || !/^\/*$/.test(parsed.pathname)) return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether `url` is exactly one of Microsoft's authority hosts (https, default port, no path).
 *
 * @example
 * ```ts
 * isMicrosoftAuthorityHost('https://login.microsoftonline.us'); // true
 * isMicrosoftAuthorityHost('https://login.microsoftonline.com.evil.example'); // false
 * ```
 */
export function isMicrosoftAuthorityHost(url: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && MICROSOFT_AUTHORITY_HOSTS.includes(origin);
}

/** Whether `url` is exactly one of Microsoft Graph's root endpoints (https, default port, no path). */
export function isMicrosoftGraphUrl(url: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && MICROSOFT_GRAPH_URLS.includes(origin);
}
