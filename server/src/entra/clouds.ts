/**
 * Microsoft Entra's public-cloud authority host: the default of `AZURE_AUTHORITY_HOST`, as in
 * `@azure/identity` (`AzureAuthorityHosts.AzurePublicCloud`).
 */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
