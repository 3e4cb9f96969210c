import { readEnvFile, updateEnvFile } from '../../shared/env-file.ts';
import { forgetLocalAuthority } from '../../shared/local-authority.ts';
import { envFromOutputs } from './env-from-outputs.ts';
import { EnvPullError } from './env-pull-error.ts';
import { assertLastUpdateSucceeded, type HistoryEntry } from './last-update.ts';

/** Runs the Pulumi CLI with `args` and resolves its stdout (rejects when it fails). */
export type PulumiCli = (args: readonly string[]) => Promise<string>;

/** Inputs of `pullEnv`; the CLI is injected so tests use a stand-in. */
export interface PullEnvOptions {
  readonly pulumi: PulumiCli;
  readonly envPath: string;
  /** `--stack`; the selected stack when absent. */
  readonly stack?: string | undefined;
  /** Also write `AZURE_CLIENT_SECRET` (reads outputs with `--show-secrets`). */
  readonly withSecret: boolean;
}

async function json<T>(pulumi: PulumiCli, args: readonly string[]): Promise<T> {
  let stdout: string;
  try {
    stdout = await pulumi(args);
  } catch (error) {
    throw new EnvPullError('PULUMI_FAILED', `pulumi ${args.filter((a) => a !== '--show-secrets').join(' ')} failed: ${(error as Error).message}`);
  }
  return JSON.parse(stdout) as T;
}

/**
 * Writes the stack outputs into `.env` (atomically, mode 0600, other lines kept), but only
 * when the stack's last deploying operation is a successful `pulumi up`. The secret is
 * decrypted only when `withSecret` asks for it.
 *
 * @returns the variables written.
 * @example
 * await pullEnv({ pulumi: runPulumi, envPath: '.env', withSecret: false });
 */
export async function pullEnv(options: PullEnvOptions): Promise<Record<string, string>> {
  const stackArgs = options.stack ? ['--stack', options.stack] : [];
  const history = await json<HistoryEntry[]>(options.pulumi, ['stack', 'history', '--json', '--page-size', '20', '--page', '1', ...stackArgs]);
  assertLastUpdateSucceeded(history);
  const outputs = await json<Record<string, unknown>>(options.pulumi, [
    'stack', 'output', '--json', ...(options.withSecret ? ['--show-secrets'] : []), ...stackArgs,
  ]);
  const updates = envFromOutputs(outputs, { withSecret: options.withSecret });
  await updateEnvFile(options.envPath, { ...forgetLocalAuthority(await readEnvFile(options.envPath)), ...updates });
  return updates;
}
