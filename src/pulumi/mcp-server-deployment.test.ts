import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { loadSettings } from './load-settings.ts';
import { McpServerDeployment } from './mcp-server-deployment.ts';
import type { SettingKey } from './settings.ts';
import { MOCK, mockCloud, one, reveal, settle, valueOf } from './testing/mock-cloud.ts';

const T = {
  rg: 'azure-native:resources:ResourceGroup',
  logs: 'azure-native:operationalinsights:Workspace',
  env: 'azure-native:app:ManagedEnvironment',
  identity: 'azure-native:managedidentity:UserAssignedIdentity',
  registry: 'azure-native:containerregistry:Registry',
  role: 'azure-native:authorization:RoleAssignment',
  vault: 'azure-native:keyvault:Vault',
  secret: 'azure-native:keyvault:Secret',
  app: 'azure-native:app:ContainerApp',
};
const IMAGE = 'example.azurecr.io/entra-mcp-server:1.0';

async function deploy(config: Partial<Record<SettingKey, string>> = { image: IMAGE }) {
  const registered = await mockCloud();
  const settings = loadSettings((key) => ({ secretRotation: '2026-11-01', ...config })[key], {
    stack: 'dev', now: new Date('2026-11-22T00:00:00Z'), secretLifetimeDays: 180,
  });
  const seen: pulumi.ResourceTransformationArgs[] = [];
  const component = new McpServerDeployment('server', {
    settings, tenantId: MOCK.tenantId, clientId: 'the-client-id', clientSecret: pulumi.secret('the-client-secret'),
  }, { transformations: [(args) => { seen.push(args); return undefined; }] });
  const urls = {
    serverUrl: await valueOf(component.serverUrl),
    mcpUrl: await valueOf(component.mcpUrl),
    metadataUrl: await valueOf(component.metadataUrl),
  };
  await settle();
  return { registered, seen, component, urls };
}

const origin = `https://mcp-dev.${MOCK.defaultDomain}`;
const roleDef = (id: string) => `/subscriptions/${MOCK.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${id}`;

describe('McpServerDeployment', () => {
  it('creates the resource group, Log Analytics and the managed environment logging to it', async () => {
    const { registered } = await deploy();
    expect(one(registered, T.rg).inputs).toEqual({ location: 'westeurope' });
    expect(one(registered, T.logs).inputs).toMatchObject({ location: 'westeurope', sku: { name: 'PerGB2018' }, retentionInDays: 30 });
    // The workspace key makes the whole block a secret on its way to the engine.
    expect(reveal(one(registered, T.env).inputs.appLogsConfiguration)).toEqual({
      secret: true,
      value: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: 'workspace-customer-id', sharedKey: 'workspace-shared-key' } },
    });
  });

  it('creates a registry with the admin user off and grants the identity AcrPull on it', async () => {
    const { registered } = await deploy();
    const registry = one(registered, T.registry).inputs;
    expect(registry).toMatchObject({ adminUserEnabled: false, sku: { name: 'Basic' } });
    expect(registry.registryName).toMatch(/^entramcp[0-9a-f]{12}$/);
    expect(one(registered, T.role, '-acr-pull').inputs).toEqual({
      scope: `${T.registry}/server-registry`, principalId: MOCK.identityPrincipalId, principalType: 'ServicePrincipal',
      roleDefinitionId: roleDef('7f951dda-4ed3-4680-a7ca-43fe172d538d'),
    });
  });

  it('keeps the client secret in an RBAC Key Vault, secret, readable by the identity only through Secrets User', async () => {
    const { registered } = await deploy();
    const vault = one(registered, T.vault).inputs;
    expect(vault.vaultName).toMatch(/^kv-entramcp-[0-9a-f]{12}$/);
    expect(vault.properties).toMatchObject({
      tenantId: MOCK.tenantId, sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true, enableSoftDelete: true, softDeleteRetentionInDays: 7,
    });
    expect(vault.properties).not.toHaveProperty('enablePurgeProtection');
    const secret = one(registered, T.secret).inputs;
    expect(secret).toMatchObject({ vaultName: vault.vaultName, secretName: 'entra-mcp-client-secret' });
    expect(reveal(secret.properties)).toEqual({ secret: true, value: { value: 'the-client-secret' } });
    expect(one(registered, T.role, '-kv-secrets-user').inputs).toEqual({
      scope: `${T.vault}/server-vault`, principalId: MOCK.identityPrincipalId, principalType: 'ServicePrincipal',
      roleDefinitionId: roleDef('4633458b-17de-408a-b874-0445c86b69e6'),
    });
  });

  it('runs the server with https-only external ingress, no session affinity (the server is stateless) and its environment', async () => {
    const { registered } = await deploy();
    const app = one(registered, T.app).inputs;
    expect(app).toMatchObject({ containerAppName: 'mcp-dev', environmentId: `${T.env}/server-env`, location: 'westeurope' });
    expect(app.identity).toEqual({ type: 'UserAssigned', userAssignedIdentities: [`${T.identity}/server-identity`] });
    expect(app.configuration.activeRevisionsMode).toBe('Single');
    expect(app.configuration.ingress).toEqual({
      external: true, allowInsecure: false, targetPort: 8000, transport: 'auto', stickySessions: { affinity: 'none' },
    });
    const [container] = app.template.containers;
    expect(container.image).toBe(IMAGE);
    expect(container.env).toEqual([
      { name: 'AZURE_TENANT_ID', value: MOCK.tenantId },
      { name: 'AZURE_CLIENT_ID', value: 'the-client-id' },
      { name: 'MCP_PUBLIC_URL', value: origin },
      { name: 'PORT', value: '8000' },
      { name: 'HOST', value: '0.0.0.0' },
      { name: 'AZURE_CLIENT_SECRET', secretRef: 'azure-client-secret' },
    ]);
    expect(container.resources).toEqual({ cpu: 0.5, memory: '1Gi' });
  });

  it('reads the client secret as a Key Vault reference and pulls with the identity', async () => {
    const { registered } = await deploy();
    const { configuration } = one(registered, T.app).inputs;
    const vaultName = one(registered, T.vault).inputs.vaultName;
    expect(configuration.secrets).toEqual([{
      name: 'azure-client-secret', identity: `${T.identity}/server-identity`,
      keyVaultUrl: `https://${vaultName}.vault.azure.net/secrets/entra-mcp-client-secret`,
    }]);
    expect(configuration.secrets[0]).not.toHaveProperty('value');
    const registryName = one(registered, T.registry).inputs.registryName;
    expect(configuration.registries).toEqual([{ server: `${registryName}.azurecr.io`, identity: `${T.identity}/server-identity` }]);
  });

  it('probes /healthz and /readyz and scales between the replica bounds on HTTP concurrency', async () => {
    const { registered } = await deploy({ image: IMAGE, minReplicas: '0', maxReplicas: '5', concurrentRequests: '20' });
    const { template } = one(registered, T.app).inputs;
    const probes = template.containers[0].probes.map((p: any) => [p.type, p.httpGet.path, p.httpGet.port]);
    expect(probes).toEqual([['Startup', '/healthz', 8000], ['Liveness', '/healthz', 8000], ['Readiness', '/readyz', 8000]]);
    expect(template.scale).toEqual({
      minReplicas: 0, maxReplicas: 5, rules: [{ name: 'http-concurrency', http: { metadata: { concurrentRequests: '20' } } }],
    });
  });

  it('creates the Container App only after both role assignments', async () => {
    const { registered, seen } = await deploy();
    const appAt = registered.findIndex((r) => r.type === T.app);
    for (const role of registered.filter((r) => r.type === T.role)) expect(registered.indexOf(role)).toBeLessThan(appAt);
    const dependsOn = seen.find((s) => s.type === T.app)?.opts.dependsOn as pulumi.Resource[];
    const roles = seen.filter((s) => s.type === T.role).map((s) => s.resource);
    expect(roles).toHaveLength(2);
    expect(dependsOn).toEqual(expect.arrayContaining(roles));
  });

  it('lets destroy drop the Key Vault secret with its vault, never through the data plane the deployer cannot use', async () => {
    const { seen } = await deploy();
    const secretOpts = seen.find((s) => s.type === T.secret)?.opts as pulumi.CustomResourceOptions;
    expect(secretOpts.retainOnDelete).toBe(true);
    // The vault it lives in is still deleted (and so soft-deleted with its secrets).
    const vaultOpts = seen.find((s) => s.type === T.vault)?.opts as pulumi.CustomResourceOptions;
    expect(vaultOpts.retainOnDelete).toBeUndefined();
    expect(vaultOpts.protect).toBeUndefined();
  });

  it('never sends a changed soft-delete retention to an existing vault (Key Vault fixes it at creation)', async () => {
    const { registered, seen } = await deploy({ image: IMAGE, keyVaultRetentionDays: '30' });
    expect(one(registered, T.vault).inputs.properties.softDeleteRetentionInDays).toBe(30);
    const vaultOpts = seen.find((s) => s.type === T.vault)?.opts as pulumi.CustomResourceOptions;
    expect(vaultOpts.ignoreChanges).toEqual(['properties.softDeleteRetentionInDays']);
  });

  it('knows the server URLs from the environment domain, even before an image exists', async () => {
    const { registered, urls, component } = await deploy({});
    expect(registered.filter((r) => r.type === T.app)).toEqual([]);
    expect(component.serverDeployed).toBe(false);
    expect(urls).toEqual({ serverUrl: origin, mcpUrl: `${origin}/mcp`, metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp` });
  });

  it('parents every resource to the component', async () => {
    const { seen, component } = await deploy();
    const children = seen.filter((s) => s.resource !== component);
    expect(children.map((s) => s.type).sort()).toEqual([T.app, T.env, T.identity, T.logs, T.registry, T.rg, T.role, T.role, T.secret, T.vault].sort());
    for (const s of children) expect(s.opts.parent).toBe(component);
  });
});
