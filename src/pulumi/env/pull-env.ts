import { readEnvFile, updateEnvFile } from '../../shared/env-file.ts';
import { setAsideLocalStack } from '../../shared/local-authority.ts';
import { envFromOutputs } from './env-from-outputs.ts';
import { EnvPullError, PULUMI_INSTALL_URL } from './env-pull-error.ts';
import { assertLastUpdateSucceeded, type HistoryEntry } from './last-update.ts';

/** Names `.env` no longer uses: removed when env:pull writes their successors. */
const RENAMED = { SECURE_SERVER_URL: undefined } as const;

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
    // `spawn pulumi ENOENT`: no Pulumi CLI on PATH, which says nothing to a new user.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EnvPullError('PULUMI_NOT_INSTALLED', 'the Pulumi CLI (pulumi) is not installed or not on PATH; env:pull reads the stack through it', [
        `Install it (${PULUMI_INSTALL_URL}), open a new terminal so PATH has it, sign in with \`pulumi login\`, then run npm run env:pull again.`,
      ]);
    }
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
  const { forget } = setAsideLocalStack(await readEnvFile(options.envPath), options.envPath);
  await updateEnvFile(options.envPath, { ...forget, ...updates, ...RENAMED });
  return updates;
}
