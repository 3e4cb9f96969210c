import type * as pulumi from '@pulumi/pulumi';

/**
 * The stack outputs, by name: what `pulumi stack output` prints and what `npm run env:pull`
 * reads. `clientSecret` is a secret output (shown only with `--show-secrets`).
 */
export interface StackOutputs<T = pulumi.Output<string>> {
  readonly tenantId: T;
  readonly clientId: T;
  /** `direct` or `proxy` (the `authMode` setting): how MCP clients sign in to the deployed server. */
  readonly authMode: T;
  /** The public "entra-mcp clients" registration's client id (`MCP_CLIENTS_CLIENT_ID`). */
  readonly mcpClientsClientId: T;
  /** With `customDomain`: the DNS records to create, as JSON (`[{type, name, value}]`); `[]` without. */
  readonly customDomainDnsRecords: T;
  /** The application's object id: what purging the soft-deleted registration needs. */
  readonly applicationObjectId: T;
  readonly identifierUri: T;
  readonly fullScope: T;
  readonly serverUrl: T;
  readonly mcpUrl: T;
  readonly metadataUrl: T;
  readonly clientSecret: T;
  readonly clientSecretEndDate: T;
  readonly resourceGroupName: T;
  readonly registryName: T;
  readonly registryLoginServer: T;
  /** Needed to purge the soft-deleted vault after `pulumi destroy`. */
  readonly keyVaultName: T;
  readonly containerAppName: T;
  /** The image the Container App runs: the `image` setting, or the one `pulumi up` built and pushed. */
  readonly image: T;
}
