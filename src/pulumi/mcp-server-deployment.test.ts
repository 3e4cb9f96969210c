import type * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { IMAGE, T, deployServer as deploy, origin } from './testing/deploy-server.ts';
import { MOCK, one, reveal } from './testing/mock-cloud.ts';

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

  it('keeps the client secret in an RBAC Key Vault, secret, and grants the server identity no Key Vault role', async () => {
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
    // The server never reads the secret: its identity may pull the image and nothing else.
    expect(registered.filter((r) => r.type === T.role).map((r) => r.inputs.roleDefinitionId)).toEqual([roleDef('7f951dda-4ed3-4680-a7ca-43fe172d538d')]);
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
      { name: 'REQUIRED_SCOPE', value: appRegistration.scope.value },
    ]);
    expect(container.resources).toEqual({ cpu: 0.5, memory: '1Gi' });
  });

  it('hands the server no secret (least privilege: it never reads one) and pulls with the identity', async () => {
    const { registered } = await deploy();
    const { configuration, template } = one(registered, T.app).inputs;
    expect(configuration).not.toHaveProperty('secrets');
    for (const env of template.containers[0].env) {
      expect(env).not.toHaveProperty('secretRef');
      expect(reveal(env.value).secret).toBe(false);
      expect(env.name).not.toMatch(/SECRET|PASSWORD|KEY/);
    }
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

  it('creates the Container App only after the identity may pull', async () => {
    const { registered, seen } = await deploy();
    const appAt = registered.findIndex((r) => r.type === T.app);
    for (const role of registered.filter((r) => r.type === T.role)) expect(registered.indexOf(role)).toBeLessThan(appAt);
    const dependsOn = seen.find((s) => s.type === T.app)?.opts.dependsOn as pulumi.Resource[];
    const roles = seen.filter((s) => s.type === T.role).map((s) => s.resource);
    expect(roles).toHaveLength(1);
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

  it('parents every resource to the component', async () => {
    const { seen, component } = await deploy();
    const children = seen.filter((s) => s.resource !== component);
    expect(children.map((s) => s.type).sort()).toEqual([T.app, T.env, T.identity, T.logs, T.registry, T.rg, T.role, T.secret, T.vault].sort());
    for (const s of children) expect(s.opts.parent).toBe(component);
  });
});
