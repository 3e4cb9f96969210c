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

async function stackResources(): Promise<Registered[]> {
  const registered = await mockCloud();
  pulumi.runtime.setAllConfig({ 'entra-mcp:secretRotation': '2026-11-22', 'entra-mcp:image': 'example.azurecr.io/s:1' });
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
      ['registry-admin-user-off', 'mandatory'],
    ]);
    expect(DEFAULT_MAX_SECRET_LIFETIME_DAYS).toBe(appRegistration.clientSecret.lifetimeDays);
  });

  it('passes every resource the program registers', async () => {
    const registered = await stackResources();
    for (const type of Object.values(TYPES)) expect(registered.map((r) => r.type)).toContain(type);
    for (const resource of registered) expect([resource.type, violations(resource)]).toEqual([resource.type, []]);
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
