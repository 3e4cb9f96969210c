import { describe, expect, it } from 'vitest';
import { ensureSignedIn } from './ensure-signed-in.ts';
import type { ProcessRunner } from './run-process.ts';

/** az and pulumi as far as sign-in goes: `check` answers 0 once `login` has run (or when already signed in). */
function cli(signedIn: { az: boolean; pulumi: boolean }, loginWorks = true) {
  const calls: string[] = [];
  const state = { ...signedIn };
  const run: ProcessRunner = async (command, args) => {
    calls.push(`${command} ${args.join(' ')}`);
    const tool = command as 'az' | 'pulumi';
    if (args[0] === 'login') {
      if (loginWorks) state[tool] = true;
      return { code: loginWorks ? 0 : 1, stdout: '' };
    }
    return { code: state[tool] ? 0 : 1, stdout: '' };
  };
  return { run, calls };
}

describe('ensureSignedIn (npm run deploy, before the preflight)', () => {
  it('changes nothing when both are signed in', async () => {
    const c = cli({ az: true, pulumi: true });
    expect(await ensureSignedIn({ run: c.run, interactive: true, write: () => undefined })).toEqual([]);
    expect(c.calls).toEqual(['az account show', 'pulumi whoami']);
  });

  it('with a person at the terminal, runs the missing logins itself and says so', async () => {
    const c = cli({ az: false, pulumi: false });
    const lines: string[] = [];
    expect(await ensureSignedIn({ run: c.run, interactive: true, write: (l) => lines.push(l) })).toEqual([]);
    expect(c.calls).toEqual(['az account show', 'az login', 'az account show', 'pulumi whoami', 'pulumi login', 'pulumi whoami']);
    expect(lines.join('\n')).toContain('pulumi login --local');
  });

  it('in a pipeline, runs no login and names the command to run', async () => {
    const c = cli({ az: false, pulumi: true });
    expect(await ensureSignedIn({ run: c.run, interactive: false, write: () => undefined })).toEqual([
      'not signed in to Azure (the Azure CLI, whose sign-in both Pulumi providers use): run `az login` first',
    ]);
    expect(c.calls).not.toContain('az login');
  });

  it('a login that fails is a problem, not a silent pass', async () => {
    const c = cli({ az: true, pulumi: false }, false);
    const problems = await ensureSignedIn({ run: c.run, interactive: true, write: () => undefined });
    expect(problems).toEqual(['`pulumi login` did not sign in (exit 1): run it yourself, then npm run deploy again']);
  });
});
