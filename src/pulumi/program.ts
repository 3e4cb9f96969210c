import * as pulumi from '@pulumi/pulumi';
import * as azuread from '@pulumi/azuread';
import { appRegistration } from '../registration/app-registration.ts';
import { EntraAppRegistration } from './entra-app-registration.ts';
import { loadSettings } from './load-settings.ts';
import { McpServerDeployment } from './mcp-server-deployment.ts';
import { planAppRegistration } from './plan-app-registration.ts';
import { planClientSecret } from './plan-client-secret.ts';
import type { StackOutputs } from './stack-outputs.ts';

/** Options of `program`; the real run passes none. */
export interface ProgramOptions {
  /** The clock the rotation date is checked against. */
  readonly now?: Date;
}

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

  const registration = new EntraAppRegistration('entra', {
    plan: planAppRegistration({ stack, powerPlatform: settings.powerPlatform }),
    secret: planClientSecret(settings.secretRotation),
  });
  // The tenant the azuread provider signs in to (az login, or azuread:tenantId).
  const tenantId = azuread.getClientConfigOutput().tenantId;
  const deployment = new McpServerDeployment('server', {
    settings,
    tenantId,
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
  });

  return {
    tenantId,
    clientId: registration.clientId,
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
    serverDeployed: pulumi.output(String(deployment.serverDeployed)),
  };
}
