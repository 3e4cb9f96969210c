/** One DNS record to create at the domain's DNS host. */
export interface DnsRecord {
  readonly type: 'TXT' | 'CNAME';
  /** The record's full name. */
  readonly name: string;
  readonly value: string;
}

/**
 * Pure: the DNS records Container Apps need before they issue a managed certificate for
 * `hostName` and bind it (https://learn.microsoft.com/azure/container-apps/custom-domains-managed-certificates):
 * a TXT record `asuid.{hostName}` holding the environment's custom domain verification id,
 * and a CNAME from `hostName` to the app's default FQDN (the certificate is validated by CNAME).
 *
 * @example
 * ```ts
 * customDomainDnsRecords('mcp.contoso.com', 'ca-entra-mcp-dev.happyhill-1a2b.westeurope.azurecontainerapps.io', 'ABC123');
 * // [{ type: 'TXT', name: 'asuid.mcp.contoso.com', value: 'ABC123' }, { type: 'CNAME', name: 'mcp.contoso.com', value: 'ca-entra-mcp-dev.…' }]
 * ```
 */
export function customDomainDnsRecords(hostName: string, appFqdn: string, verificationId: string): DnsRecord[] {
  return [
    { type: 'TXT', name: `asuid.${hostName}`, value: verificationId },
    { type: 'CNAME', name: hostName, value: appFqdn },
  ];
}

/**
 * Pure: the server's public origin. The custom host name once its certificate is bound
 * (`customDomainCertificate`); before that, the Container Apps default one, so the server
 * never advertises a URL that does not answer yet.
 */
export function publicOrigin(defaultOrigin: string, customDomain: { readonly hostName: string; readonly bind: boolean } | undefined): string {
  return customDomain?.bind === true ? `https://${customDomain.hostName}` : defaultOrigin;
}
