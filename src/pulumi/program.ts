import * as pulumi from '@pulumi/pulumi';
import * as azuread from '@pulumi/azuread';
import { fileURLToPath } from 'node:url';
import { appRegistration } from '../registration/app-registration.ts';
import { EntraAppRegistration } from './entra-app-registration.ts';
import { contentTag } from './image/image-sources.ts';
import { readImageSources } from './image/read-image-sources.ts';
import { loadSettings } from './load-settings.ts';
import { McpServerDeployment, type McpServerDeploymentArgs } from './mcp-server-deployment.ts';
import { planAppRegistration } from './plan-app-registration.ts';
import { planClientSecret } from './plan-client-secret.ts';
import { EntraClientsRegistration } from './entra-clients-registration.ts';
import { planClientsRegistration } from './plan-clients-registration.ts';
import type { StackOutputs } from './stack-outputs.ts';
import { proxyCallbackRedirectUri } from '../registration/proxy-mode-registration.ts';
import { proxyFederatedCredential } from './proxy-federated-credential.ts';

/** Options of `program`; the real run passes none. */
export interface ProgramOptions {
  /** The clock the rotation date is checked against. */
  readonly now?: Date;
  /** The repository the server image is built from; this checkout by default. */
  readonly root?: string;
  /** Tests replace the registry token exchange the image push signs in with. */
  readonly exchangeAcrToken?: McpServerDeploymentArgs['exchangeAcrToken'];
}

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The whole stack: settings (checked before any resource exists), the Entra registration,
 * the Azure deployment, and the stack outputs. It writes no files: `.env` is written by
 * `npm run env:pull` after a successful `pulumi up` (docs/provisioning.md says why).
 *
 * @example
 * // src/pulumi/index.ts, the entry Pulumi.yaml names:
 * export default () => program();
 */
export function program(options: ProgramOptions = {}): StackOutputs {
  const stack = pulumi.getStack();
  const config = new pulumi.Config();
  const settings = loadSettings((key) => config.get(key), {
    stack,
    now: options.now ?? new Date(),
    secretLifetimeDays: appRegistration.clientSecret.lifetimeDays,
  });

  const custom = settings.customDomain;
  // Proxy mode's callback names the server's URL, known once its environment is: deferred.
  const [proxyCallback, resolveProxyCallback] = pulumi.deferredOutput<string[]>();
  const registration = new EntraAppRegistration('entra', {
    // A bound custom domain's MCP URL is an identifier URI too: MCP clients send it as `resource`.
    plan: planAppRegistration({ stack, powerPlatform: settings.powerPlatform, mcpResource: custom?.bind === true ? `https://${custom.hostName}/mcp` : undefined }),
    secret: planClientSecret(settings.secretRotation),
    ...(settings.proxy === undefined ? {} : { laterWebRedirectUris: proxyCallback }),
  });
  // The tenant the azuread provider signs in to (az login, or azuread:tenantId).
  const tenantId = azuread.getClientConfigOutput().tenantId;
  const root = options.root ?? REPOSITORY_ROOT;
  const deployment = new McpServerDeployment('server', {
    settings,
    tenantId,
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    // Read only when the image is built here; the tag is the sources' hash (unchanged
    // sources, unchanged tag: no rebuild, no new revision).
    imageSource: { root, tag: settings.image === undefined ? pulumi.output(readImageSources(root).then(contentTag)) : '' },
    ...(options.exchangeAcrToken === undefined ? {} : { exchangeAcrToken: options.exchangeAcrToken }),
  });

  if (settings.proxy !== undefined) {
    resolveProxyCallback(deployment.serverUrl.apply((url) => [proxyCallbackRedirectUri(url).uri]));
    if (settings.proxy.credential === 'managedIdentity') proxyFederatedCredential('entra', registration, { tenantId, principalId: deployment.identityPrincipalId });
  }

  // The public "entra-mcp clients" registration; Codex's callback names the server's URL.
  const clientsPlan = planClientsRegistration({ stack, mcpServerUrls: [] });
  const clients = new EntraClientsRegistration('entra-clients', {
    plan: clientsPlan,
    redirectUris: deployment.mcpUrl.apply((url) => planClientsRegistration({ stack, mcpServerUrls: [url] }).publicClientRedirectUris.slice()),
    apiClientId: registration.clientId,
    apiApplicationId: registration.applicationId,
    apiScopeId: registration.scopeId,
  });

  return {
    tenantId,
    clientId: registration.clientId,
    authMode: pulumi.output(settings.proxy === undefined ? 'direct' : 'proxy'),
    mcpClientsClientId: clients.clientId,
    customDomainDnsRecords: deployment.customDomainDnsRecords.apply((records) => JSON.stringify(records)),
    applicationObjectId: registration.objectId,
    identifierUri: registration.identifierUri,
    fullScope: registration.fullScope,
    serverUrl: deployment.serverUrl,
    mcpUrl: deployment.mcpUrl,
    metadataUrl: deployment.metadataUrl,
    clientSecret: pulumi.secret(registration.clientSecret),
    clientSecretEndDate: registration.clientSecretEndDate,
    resourceGroupName: deployment.resourceGroupName,
    registryName: deployment.registryName,
    registryLoginServer: deployment.registryLoginServer,
    keyVaultName: deployment.keyVaultName,
    containerAppName: pulumi.output(deployment.containerAppName),
    image: deployment.image,
  };
}
