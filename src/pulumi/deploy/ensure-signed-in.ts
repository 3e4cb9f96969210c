import type { ProcessRunner } from './run-process.ts';

/** One sign-in `npm run deploy` needs: how to check it and how to get it. */
interface SignIn {
  readonly what: string;
  readonly check: readonly [string, readonly string[]];
  readonly login: readonly [string, readonly string[]];
  /** Said before running the login for the person. */
  readonly note: string;
}

const SIGN_INS: readonly SignIn[] = [
  {
    what: 'Azure (the Azure CLI, whose sign-in both Pulumi providers use)',
    check: ['az', ['account', 'show']],
    login: ['az', ['login']],
    note: 'running `az login`: pick the subscription to deploy to when it asks',
  },
  {
    what: 'a Pulumi backend (where the stack state is kept)',
    check: ['pulumi', ['whoami']],
    login: ['pulumi', ['login']],
    note: 'running `pulumi login` (Pulumi Cloud); to keep the state on this machine instead, stop it and run `pulumi login --local`',
  },
];

/**
 * Makes sure the Azure CLI and Pulumi are signed in before anything is checked or created,
 * so a first deployment is one command after `npm ci`. With a person at the terminal it runs
 * the missing `az login` / `pulumi login` itself; without one (a pipeline) it only says what
 * to run.
 *
 * @returns the problems left; empty when both are signed in.
 */
export async function ensureSignedIn(options: { run: ProcessRunner; interactive: boolean; write: (line: string) => void }): Promise<string[]> {
  const problems: string[] = [];
  for (const signIn of SIGN_INS) {
    const signedIn = async () => (await options.run(signIn.check[0], signIn.check[1], { capture: true })).code === 0;
    if (await signedIn()) continue;
    const command = `${signIn.login[0]} ${signIn.login[1].join(' ')}`;
    if (!options.interactive) {
      problems.push(`not signed in to ${signIn.what}: run \`${command}\` first`);
      continue;
    }
    options.write(`deploy: not signed in to ${signIn.what}; ${signIn.note}`);
    const login = await options.run(signIn.login[0], signIn.login[1], { capture: false });
    if (login.code !== 0 || !(await signedIn())) problems.push(`\`${command}\` did not sign in (exit ${login.code}): run it yourself, then npm run deploy again`);
  }
  return problems;
}
