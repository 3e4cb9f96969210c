import * as pulumi from '@pulumi/pulumi';
import type { ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SECRET_LIFETIME_DAYS, TYPES, createPolicies } from '../../policy/policies.ts';
import { appRegistration } from '../registration/app-registration.ts';
import { program } from './program.ts';
import { mockCloud, settle, type Registered } from './testing/mock-cloud.ts';

const now = new Date('2026-11-22T10:00:00Z');
const policies = createPolicies(() => now);

// Calls the policies the way the CrossGuard analyzer does: per resource, with the inputs
// as `props` and the policy's configuration (schema defaults) behind getConfig().
function violations(resource: Pick<Registered, 'type' | 'inputs'>): string[] {
  const found: string[] = [];
  for (const policy of policies) {
    const defaults = Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [k, v.default]));
    const args = { type: resource.type, props: resource.inputs, urn: 'urn', name: 'name', getConfig: () => defaults } as unknown as ResourceValidationArgs;
    const validations = ([] as ResourceValidation[]).concat(policy.validateResource ?? []);
    for (const validate of validations) void validate(args, (message) => found.push(`${policy.name}: ${message}`));
  }
  return found;
}

async function stackResources(config: Record<string, string> = {}): Promise<Registered[]> {
  const registered = await mockCloud();
  pulumi.runtime.setAllConfig({ 'entra-mcp:secretRotation': '2026-11-22', 'entra-mcp:image': 'example.azurecr.io/s:1', ...config });
  program({ now });
  await settle();
  return registered;
}

const clone = <T>(value: T): T => structuredClone(value);

describe('the CrossGuard policy pack', () => {
  it('is mandatory and bounds secrets by the description\'s lifetime', () => {
    expect(policies.map((p: ResourceValidationPolicy) => [p.name, p.enforcementLevel])).toEqual([
      ['container-app-https-only', 'mandatory'],
      ['secrets-only-through-key-vault', 'mandatory'],
      ['client-secret-lifetime-bound', 'mandatory'],
      ['proxy-mode-allows-itself', 'mandatory'],
      ['redis-tls-only', 'mandatory'],
      ['registry-admin-user-off', 'mandatory'],
    ]);
    expect(DEFAULT_MAX_SECRET_LIFETIME_DAYS).toBe(appRegistration.clientSecret.lifetimeDays);
  });

  it('passes every resource the program registers, in direct mode and in proxy mode with Redis', async () => {
    const direct = await stackResources();
    for (const resource of direct) expect([resource.type, violations(resource)]).toEqual([resource.type, []]);
    const proxy = await stackResources({ 'entra-mcp:authMode': 'proxy', 'entra-mcp:proxyCredential': 'secret', 'entra-mcp:maxReplicas': '3' });
    for (const type of Object.values(TYPES)) expect(proxy.map((r) => r.type)).toContain(type);
    for (const resource of proxy) expect([resource.type, violations(resource)]).toEqual([resource.type, []]);
  });

  it('flags proxy mode\'s keys or Redis URL as literal values, a proxy that does not allow itself, and plaintext Redis', async () => {
    const registered = await stackResources({ 'entra-mcp:authMode': 'proxy', 'entra-mcp:maxReplicas': '3' });
    const app = clone(registered.find((r) => r.type === TYPES.containerApp) as Registered);
    const env = app.inputs.template.containers[0].env as { name: string; value?: string; secretRef?: string }[];
    for (const name of ['MCP_PROXY_SIGNING_KEYS', 'MCP_PROXY_REDIS_URL']) {
      const literal = clone(app);
      literal.inputs.template.containers[0].env = env.map((e) => (e.name === name ? { name, value: 'literal' } : e));
      expect(violations(literal)).toEqual([`secrets-only-through-key-vault: env ${name} must use secretRef, not a literal value`]);
    }
    const clientId = env.find((e) => e.name === 'AZURE_CLIENT_ID')?.value;
    const allowed = (list: string) => { const a = clone(app); a.inputs.template.containers[0].env.push({ name: 'ALLOWED_CLIENT_APPS', value: list }); return violations(a); };
    expect(allowed('04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toEqual([expect.stringMatching(/^proxy-mode-allows-itself: .*AZURE_CLIENT_ID/)]);
    expect(allowed(`04b07795-8ddb-461a-bbee-02f9e1bf7b46, ${clientId}`)).toEqual([]);
    const database = clone(registered.find((r) => r.type === TYPES.redisDatabase) as Registered);
    expect(violations(database)).toEqual([]);
    database.inputs.clientProtocol = 'Plaintext';
    expect(violations(database)).toEqual([expect.stringMatching(/^redis-tls-only/)]);
  });

  it('flags insecure ingress, literal secrets, password pulls, access-policy vaults and the registry admin user', async () => {
    const registered = await stackResources();
    const app = clone(registered.find((r) => r.type === TYPES.containerApp) as Registered);
    app.inputs.configuration.ingress.allowInsecure = true;
    app.inputs.configuration.secrets = [{ name: 'azure-client-secret', value: 'literal' }];
    app.inputs.configuration.registries = [{ server: 'r.azurecr.io', username: 'r', passwordSecretRef: 'pw' }];
    app.inputs.template.containers[0].env.push({ name: 'AZURE_CLIENT_SECRET', value: 'literal' });
    expect(violations(app).map((v) => v.split(':')[0])).toEqual([
      'container-app-https-only', 'secrets-only-through-key-vault', 'secrets-only-through-key-vault', 'secrets-only-through-key-vault',
    ]);
    const vault = clone(registered.find((r) => r.type === TYPES.vault) as Registered);
    vault.inputs.properties.enableRbacAuthorization = false;
    expect(violations(vault)).toEqual([expect.stringMatching(/^secrets-only-through-key-vault: .*RBAC/)]);
    expect(violations({ type: TYPES.registry, inputs: { adminUserEnabled: true } })).toEqual([expect.stringMatching(/^registry-admin-user-off/)]);
  });

  it('flags a client secret without an end date or living longer than allowed', () => {
    const password = (endDate?: string) => ({ type: TYPES.password, inputs: endDate ? { endDate } : { endDateRelative: '87600h' } });
    expect(violations(password())).toEqual([expect.stringMatching(/^client-secret-lifetime-bound: .*fixed endDate/)]);
    expect(violations(password('2028-11-21T00:00:00Z'))).toEqual([expect.stringMatching(/more than 180 days/)]);
    expect(violations(password('2027-05-21T00:00:00Z'))).toEqual([]);
  });
});
