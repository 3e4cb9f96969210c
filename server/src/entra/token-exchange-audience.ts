/**
 * The audience a managed identity's token must carry to be exchanged for an app's token
 * (workload identity federation), per cloud
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * The app registration's federated credential names it, and the server asks the managed
 * identity endpoint for a token with it.
 */
export const TOKEN_EXCHANGE_AUDIENCES: Readonly<Record<'public' | 'usgov' | 'china', string>> = {
  public: 'api://AzureADTokenExchange',
  usgov: 'api://AzureADTokenExchangeUSGov',
  china: 'api://AzureADTokenExchangeChina',
};

/** Pure: the token-exchange audience of the cloud an authority host belongs to (public when not a national cloud's). */
export function tokenExchangeAudience(authorityHost: string): string {
  const host = new URL(authorityHost).hostname;
  if (host === 'login.microsoftonline.us' || host === 'login.usgovcloudapi.net') return TOKEN_EXCHANGE_AUDIENCES.usgov;
  if (host === 'login.chinacloudapi.cn' || host === 'login.partner.microsoftonline.cn') return TOKEN_EXCHANGE_AUDIENCES.china;
  return TOKEN_EXCHANGE_AUDIENCES.public;
}
