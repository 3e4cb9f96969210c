import { describe, expect, it } from 'vitest';
import { REQUIRED_PROVIDERS, preflight, type PreflightFacts } from './preflight.ts';
import { runPreflight } from './run-preflight.ts';
import type { ProcessRunner } from './run-process.ts';

const SUB = 'aaaaaaaa-0000-4000-8000-000000000001';
const registered = REQUIRED_PROVIDERS.map((namespace) => ({ namespace, registrationState: 'Registered' }));
const facts = (over: Partial<PreflightFacts> = {}): PreflightFacts => ({
  subscriptionId: SUB, assignments: [{ roleDefinitionName: 'Owner', scope: `/subscriptions/${SUB}` }],
  providers: registered, buildsImage: true, dockerRuns: true, ...over,
});

describe('preflight', () => {
  it('lets an Owner with every provider registered and Docker running go ahead', () => {
    expect(preflight(facts())).toEqual({ problems: [], register: [] });
  });

  it.each([
    ['Contributor alone (no role assignments)', [{ roleDefinitionName: 'Contributor', scope: `/subscriptions/${SUB}` }], [/cannot create role assignments/]],
    ['User Access Administrator alone', [{ roleDefinitionName: 'User Access Administrator', scope: `/subscriptions/${SUB}` }], [/neither Owner nor Contributor/]],
    ['Owner of one resource group only', [{ roleDefinitionName: 'Owner', scope: `/subscriptions/${SUB}/resourceGroups/rg` }], [/neither Owner/, /role assignments/]],
    ['Owner of another subscription', [{ roleDefinitionName: 'Owner', scope: '/subscriptions/bbbbbbbb-0000-4000-8000-000000000002' }], [/neither Owner/, /role assignments/]],
    ['Contributor and RBAC Administrator', [
      { roleDefinitionName: 'Contributor', scope: `/subscriptions/${SUB}` },
      { roleDefinitionName: 'Role Based Access Control Administrator', scope: `/subscriptions/${SUB}` },
    ], []],
    ['Owner through a management group', [{ roleDefinitionName: 'Owner', scope: '/providers/Microsoft.Management/managementGroups/corp' }], []],
  ])('%s', (_, assignments, expected) => {
    const { problems } = preflight(facts({ assignments }));
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
  });

  it('asks for Docker only when the image is built on this machine', () => {
    expect(preflight(facts({ dockerRuns: false })).problems).toEqual([expect.stringMatching(/no Docker engine.*pulumi config set image/)]);
    expect(preflight(facts({ dockerRuns: false, buildsImage: false })).problems).toEqual([]);
  });

  it('registers the providers that are not Registered (NotRegistered, Registering, absent)', () => {
    const providers = [
      { namespace: 'Microsoft.App', registrationState: 'NotRegistered' },
      { namespace: 'microsoft.keyvault', registrationState: 'Registered' },
      { namespace: 'Microsoft.ContainerRegistry', registrationState: 'Registering' },
      { namespace: 'Microsoft.OperationalInsights', registrationState: 'Registered' },
    ];
    expect(preflight(facts({ providers })).register).toEqual(['Microsoft.App', 'Microsoft.ContainerRegistry', 'Microsoft.ManagedIdentity', 'Microsoft.Cache']);
  });
});

describe('runPreflight', () => {
  function az(assignments: unknown[], providers: unknown[]) {
    const calls: string[] = [];
    const run: ProcessRunner = async (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      if (command === 'docker') return { code: 0, stdout: '' };
      if (args[0] === 'account') return { code: 0, stdout: JSON.stringify({ id: SUB, user: { name: 'adele@contoso.example', type: 'user' } }) };
      if (args[0] === 'role') return { code: 0, stdout: JSON.stringify(assignments) };
      if (args[0] === 'provider' && args[1] === 'list') return { code: 0, stdout: JSON.stringify(providers) };
      if (args[0] === 'provider' && args[1] === 'register') return { code: 0, stdout: '' };
      return { code: 1, stdout: '' };
    };
    return { run, calls };
  }

  it('asks az about the signed-in identity, then registers only the missing providers', async () => {
    const cli = az([{ roleDefinitionName: 'Owner', scope: `/subscriptions/${SUB}` }], registered.filter((p) => p.namespace !== 'Microsoft.App'));
    expect(await runPreflight({ run: cli.run, buildsImage: true, write: () => undefined })).toEqual([]);
    expect(cli.calls).toContain('az role assignment list --assignee adele@contoso.example --all --include-inherited --include-groups --output json');
    expect(cli.calls.filter((c) => c.includes('provider register'))).toEqual(['az provider register --namespace Microsoft.App --wait']);
  });

  it('creates and registers nothing when a role is missing', async () => {
    const cli = az([{ roleDefinitionName: 'Reader', scope: `/subscriptions/${SUB}` }], []);
    const problems = await runPreflight({ run: cli.run, buildsImage: false, write: () => undefined });
    expect(problems).toHaveLength(2);
    expect(cli.calls.filter((c) => c.includes('register') || c.startsWith('docker'))).toEqual([]);
  });
});
