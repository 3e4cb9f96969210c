import { preflight, type PreflightFacts, type ProviderState, type RoleAssignment } from './preflight.ts';
import type { ProcessRunner } from './run-process.ts';

async function json<T>(run: ProcessRunner, args: readonly string[]): Promise<T> {
  const result = await run('az', [...args, '--output', 'json'], { capture: true });
  if (result.code !== 0) throw new Error(`az ${args.slice(0, 3).join(' ')} failed (exit ${result.code}); sign in with \`az login\` first`);
  return JSON.parse(result.stdout) as T;
}

/**
 * Asks the Azure CLI (the sign-in both Pulumi providers use) for the subscription, the
 * signed-in identity's role assignments and the providers' state, decides with
 * {@link preflight}, and registers the missing providers. Nothing else is created.
 *
 * @returns the problems found; empty when `pulumi up` may go ahead.
 */
export async function runPreflight(options: { run: ProcessRunner; buildsImage: boolean; write: (line: string) => void }): Promise<string[]> {
  const { run } = options;
  const account = await json<{ id: string; user: { name: string } }>(run, ['account', 'show']);
  const assignments = await json<RoleAssignment[]>(run, [
    'role', 'assignment', 'list', '--assignee', account.user.name, '--all', '--include-inherited', '--include-groups',
  ]);
  const providers = await json<ProviderState[]>(run, ['provider', 'list', '--query', '[].{namespace:namespace, registrationState:registrationState}']);
  const dockerRuns = options.buildsImage ? (await run('docker', ['version'], { capture: true }).catch(() => ({ code: 1 }))).code === 0 : false;
  const facts: PreflightFacts = { subscriptionId: account.id, assignments, providers, buildsImage: options.buildsImage, dockerRuns };
  const { problems, register } = preflight(facts);
  if (problems.length > 0) return problems;
  for (const namespace of register) {
    options.write(`deploy: registering the resource provider ${namespace} (once per subscription; takes a minute)`);
    const result = await run('az', ['provider', 'register', '--namespace', namespace, '--wait'], { capture: false });
    if (result.code !== 0) return [`az provider register --namespace ${namespace} failed (exit ${result.code}): an Owner or Contributor of the subscription can register it`];
  }
  return [];
}
