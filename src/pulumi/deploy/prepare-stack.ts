import type { ProcessRunner } from './run-process.ts';

/** The stack `npm run deploy` creates when none is selected and none is named. */
export const DEFAULT_STACK = 'dev';

/** Inputs of {@link prepareStack}. */
export interface PrepareStackOptions {
  readonly run: ProcessRunner;
  /** `--stack`; else the selected stack, else {@link DEFAULT_STACK}. */
  readonly stack?: string | undefined;
  /** Today, `YYYY-MM-DD` (UTC): the first client secret's issue date. */
  readonly today: string;
  readonly write: (line: string) => void;
}

async function ok(run: ProcessRunner, args: readonly string[]): Promise<string> {
  const result = await run('pulumi', args, { capture: true });
  if (result.code !== 0) throw new Error(`pulumi ${args.join(' ')} failed (exit ${result.code})`);
  return result.stdout.trim();
}

/**
 * Makes a fresh clone deployable without editing any tracked file: selects (creating it if
 * needed) the stack, and sets `secretRotation` to today when the stack has none, in the
 * stack's own settings file (stacks/Pulumi.<stack>.yaml, which git ignores).
 *
 * @returns the stack's name, for every later command.
 */
export async function prepareStack(options: PrepareStackOptions): Promise<string> {
  let stack = options.stack;
  if (stack === undefined) {
    const selected = await options.run('pulumi', ['stack', '--show-name'], { capture: true });
    stack = selected.code === 0 && selected.stdout.trim() !== '' ? selected.stdout.trim() : DEFAULT_STACK;
  }
  await ok(options.run, ['stack', 'select', '--create', stack]);
  const rotation = await options.run('pulumi', ['config', 'get', 'secretRotation', '--stack', stack], { capture: true });
  if (rotation.code !== 0 || rotation.stdout.trim() === '') {
    await ok(options.run, ['config', 'set', 'secretRotation', options.today, '--stack', stack]);
    options.write(`deploy: stack ${stack}: secretRotation set to ${options.today} (the client secret's issue date)`);
  }
  return stack;
}
