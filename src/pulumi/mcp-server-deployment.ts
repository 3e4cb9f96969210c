import * as pulumi from '@pulumi/pulumi';
import * as app from '@pulumi/azure-native/app/index.js';
import * as authorization from '@pulumi/azure-native/authorization/index.js';
import * as containerregistry from '@pulumi/azure-native/containerregistry/index.js';
import * as managedidentity from '@pulumi/azure-native/managedidentity/index.js';
import * as operationalinsights from '@pulumi/azure-native/operationalinsights/index.js';
import * as resources from '@pulumi/azure-native/resources/index.js';
import { registryName } from './azure-names.ts';
import { AZURE_ROLES, roleDefinitionId } from './azure-roles.ts';
import type { exchangeAcrToken } from './image/exchange-acr-token.ts';
import { buildServerImage } from './image/server-image.ts';
import { customDomainResources } from './custom-domain-resources.ts';
import { keyVault, vaultSecret } from './key-vault-resources.ts';
import { proxyModeResources } from './proxy-mode-resources.ts';
import { publicOrigin, type DnsRecord } from './plan-custom-domain.ts';
import { KEY_VAULT_SECRET_NAME, SERVER_PORT, containerAppName, planContainerApp, publicUrl, serverEnvironment, serverUrls } from './plan-container-app.ts';
import type { Settings } from './settings.ts';

/** The checked settings and the values the server needs from the app registration. */
export interface McpServerDeploymentArgs {
  readonly settings: Settings;
  readonly tenantId: pulumi.Input<string>;
  /** The app registration's client id: the audience the server accepts. */
  readonly clientId: pulumi.Input<string>;
  /** The client secret, kept in Key Vault for the scripts; the server is never handed it. */
  readonly clientSecret: pulumi.Input<string>;
  /** Where `pulumi up` builds the server image from when no `image` is set: repository root, and the tag of its sources (`contentTag`). */
  readonly imageSource: { readonly root: string; readonly tag: pulumi.Input<string> };
  /** Tests replace the registry token exchange. */
  readonly exchangeAcrToken?: typeof exchangeAcrToken;
}

/**
 * The server on Azure Container Apps with what it needs around it: resource group, Log
 * Analytics, managed environment, user-assigned identity, registry (admin user off,
 * AcrPull for the identity), the server image built into it (unless `image` names one),
 * Key Vault with RBAC holding the client secret for the scripts, in proxy mode its keys and
 * Redis (proxy-mode-resources.ts), and the Container App.
 * Only wiring: decisions live in the planners.
 */
export class McpServerDeployment extends pulumi.ComponentResource {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly registryName: pulumi.Output<string>;
  readonly registryLoginServer: pulumi.Output<string>;
  readonly keyVaultName: pulumi.Output<string>;
  readonly containerAppName: string;
  /** The server's user-assigned identity: its object id (what a federated credential trusts). */
  readonly identityPrincipalId: pulumi.Output<string>;
  /** `https://{app}.{environment default domain}` (or the bound custom domain), known before the app exists. */
  readonly serverUrl: pulumi.Output<string>;
  /** With `customDomain`: the DNS records to create (TXT asuid + CNAME). */
  readonly customDomainDnsRecords: pulumi.Output<DnsRecord[]>;
  readonly mcpUrl: pulumi.Output<string>;
  readonly metadataUrl: pulumi.Output<string>;
  /** The image the Container App runs: the `image` setting, or the built `…:src-…@sha256:…`. */
  readonly image: pulumi.Output<string>;

  constructor(name: string, args: McpServerDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('entra-mcp:index:McpServerDeployment', name, {}, opts);
    const { settings } = args;
    const parent = { parent: this };
    const location = settings.location;
    const client = authorization.getClientConfigOutput(parent);

    const group = new resources.ResourceGroup(`${name}-rg`, { location }, parent);
    const resourceGroupName = group.name;
    const workspace = new operationalinsights.Workspace(`${name}-logs`, {
      resourceGroupName, location, sku: { name: 'PerGB2018' }, retentionInDays: settings.logRetentionDays,
    }, parent);
    const keys = operationalinsights.getSharedKeysOutput({ resourceGroupName, workspaceName: workspace.name }, parent);
    const environment = new app.ManagedEnvironment(`${name}-env`, {
      resourceGroupName,
      location,
      appLogsConfiguration: {
        destination: 'log-analytics',
        logAnalyticsConfiguration: {
          customerId: workspace.customerId,
          sharedKey: pulumi.secret(keys.apply((k) => k.primarySharedKey ?? '')),
        },
      },
    }, parent);

    const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName, location }, parent);
    const grant = (logical: string, scope: pulumi.Input<string>, roleId: string) =>
      new authorization.RoleAssignment(logical, {
        scope,
        principalId: identity.principalId,
        // Declared, so ARM does not look the new identity up in Entra before it has replicated.
        principalType: 'ServicePrincipal',
        roleDefinitionId: client.subscriptionId.apply((id) => roleDefinitionId(id, roleId)),
      }, parent);

    const registry = new containerregistry.Registry(`${name}-registry`, {
      resourceGroupName,
      location,
      registryName: resourceGroupName.apply(registryName),
      sku: { name: 'Basic' },
      // The identity pulls with AcrPull; no shared admin password exists to leak.
      adminUserEnabled: false,
    }, parent);
    const acrPull = grant(`${name}-acr-pull`, registry.id, AZURE_ROLES.acrPull);

    const vault = keyVault(`${name}-vault`, { resourceGroupName, location, tenantId: client.tenantId, retentionDays: settings.keyVaultRetentionDays }, parent);
    const clientSecret = vaultSecret(`${name}-client-secret`, { resourceGroupName, vaultName: vault.name, secretName: KEY_VAULT_SECRET_NAME, value: args.clientSecret }, parent);
    // Proxy mode: its keys (and Redis) in the vault, read by the identity; nothing in direct mode.
    const proxy = settings.proxy === undefined ? undefined
      : proxyModeResources(name, { proxy: settings.proxy, maxReplicas: settings.maxReplicas, resourceGroupName, location, vault, clientSecret, identity, grant }, parent);

    const appName = containerAppName(settings.stack);
    const defaultOrigin = environment.defaultDomain.apply((domain) => publicUrl(appName, domain));
    const custom = settings.customDomain;
    const origin = defaultOrigin.apply((o) => publicOrigin(o, custom));
    const { dnsRecords, certificate } = customDomainResources(name, { custom, defaultOrigin, environment, resourceGroupName, location }, parent);

    // No image configured: build one in this same update. Its ref carries the digest, so the
    // Container App waits for the push and rolls out a revision only when the image changed.
    const image = settings.image !== undefined
      ? pulumi.output(settings.image)
      : buildServerImage(`${name}-image`, {
        loginServer: registry.loginServer, tenantId: client.tenantId, root: args.imageSource.root, tag: args.imageSource.tag,
        ...(args.exchangeAcrToken === undefined ? {} : { exchange: args.exchangeAcrToken }),
      }, parent).ref;

    const plan = planContainerApp(settings);
    new app.ContainerApp(`${name}-app`, {
      resourceGroupName,
      location,
      containerAppName: appName,
      environmentId: environment.id,
      identity: { type: 'UserAssigned', userAssignedIdentities: [identity.id] },
      configuration: {
        activeRevisionsMode: plan.activeRevisionsMode,
        ingress: certificate === undefined || custom === undefined ? plan.ingress : { ...plan.ingress, customDomains: [{ name: custom.hostName, bindingType: 'SniEnabled', certificateId: certificate.id }] },
        registries: [{ server: registry.loginServer, identity: identity.id }],
        ...(proxy === undefined ? {} : { secrets: proxy.secrets }),
      },
      template: {
        containers: [{
          name: 'server',
          image,
          env: [...serverEnvironment<pulumi.Input<string>>({
            tenantId: args.tenantId, clientId: args.clientId, publicUrl: origin, port: String(SERVER_PORT), host: '0.0.0.0',
          }, undefined, { resourceIsIdentifierUri: custom?.bind === true }), ...(proxy?.env ?? [])],
          probes: plan.probes.map((probe) => ({ ...probe, httpGet: { ...probe.httpGet } })),
          resources: plan.resources,
        }],
        scale: { ...plan.scale, rules: plan.scale.rules.map((rule) => ({ ...rule })) },
      },
      // The first revision pulls the image at once: the grant first. (RBAC still takes a
      // little while to propagate; docs/provisioning.md says what to do.)
      // Likewise the Key Vault reads: a revision that cannot read its secrets never starts.
    }, { ...parent, dependsOn: [acrPull, ...(proxy?.grants ?? [])] });

    const urls = origin.apply(serverUrls);
    this.resourceGroupName = resourceGroupName;
    this.registryName = registry.name;
    this.registryLoginServer = registry.loginServer;
    this.keyVaultName = vault.name;
    this.containerAppName = appName;
    this.identityPrincipalId = identity.principalId;
    this.serverUrl = urls.serverUrl;
    this.customDomainDnsRecords = dnsRecords;
    this.mcpUrl = urls.mcpUrl;
    this.metadataUrl = urls.metadataUrl;
    this.image = image;
    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      registryName: this.registryName,
      registryLoginServer: this.registryLoginServer,
      keyVaultName: this.keyVaultName,
      containerAppName: appName,
      serverUrl: this.serverUrl,
      customDomainDnsRecords: this.customDomainDnsRecords,
      mcpUrl: this.mcpUrl,
      metadataUrl: this.metadataUrl,
      image: this.image,
    });
  }
}
