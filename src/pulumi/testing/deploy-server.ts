import * as pulumi from '@pulumi/pulumi';
import type { ExchangeAcrTokenArgs } from '../image/exchange-acr-token.ts';
import { loadSettings } from '../load-settings.ts';
import { McpServerDeployment } from '../mcp-server-deployment.ts';
import type { SettingKey } from '../settings.ts';
import { MOCK, mockCloud, settle, valueOf } from './mock-cloud.ts';

/** The resource types `McpServerDeployment` registers. */
export const T = {
  rg: 'azure-native:resources:ResourceGroup',
  logs: 'azure-native:operationalinsights:Workspace',
  env: 'azure-native:app:ManagedEnvironment',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  registry: 'azure-native:containerregistry:Registry',
  role: 'azure-native:authorization:RoleAssignment',
  vault: 'azure-native:keyvault:Vault',
  secret: 'azure-native:keyvault:Secret',
  app: 'azure-native:app:ContainerApp',
  image: 'docker-build:index:Image',
};
/** The content tag the tests hand the component. */
export const TAG = 'src-0123456789abcdef';
/** A prebuilt image reference (the `image` setting). */
export const IMAGE = 'example.azurecr.io/entra-mcp-server:1.0';
/** The public origin the mocked environment gives the `dev` stack. */
export const origin = `https://mcp-dev.${MOCK.defaultDomain}`;

/**
 * Builds `McpServerDeployment` for the `dev` stack under the mocks, with `config` as the
 * settings and a recording stand-in for the registry token exchange.
 */
export async function deployServer(config: Partial<Record<SettingKey, string>> = { image: IMAGE }, preview = false) {
  const registered = await mockCloud({ preview });
  const exchanges: ExchangeAcrTokenArgs[] = [];
  const exchangeAcrToken = async (args: ExchangeAcrTokenArgs) => { exchanges.push(args); return 'acr-refresh-token'; };
  const settings = loadSettings((key) => ({ secretRotation: '2026-11-01', ...config })[key], {
    stack: 'dev', now: new Date('2026-11-22T00:00:00Z'), secretLifetimeDays: 180,
  });
  const seen: pulumi.ResourceTransformationArgs[] = [];
  const component = new McpServerDeployment('server', {
    settings, tenantId: MOCK.tenantId, clientId: 'the-client-id', clientSecret: pulumi.secret('the-client-secret'),
    imageSource: { root: '/checkout', tag: TAG }, exchangeAcrToken,
  }, { transformations: [(args) => { seen.push(args); return undefined; }] });
  const urls = {
    serverUrl: await valueOf(component.serverUrl),
    mcpUrl: await valueOf(component.mcpUrl),
    metadataUrl: await valueOf(component.metadataUrl),
  };
  await settle();
  return { registered, seen, component, urls, exchanges };
}
