import { CommandError, EXIT, isReportableError, type ExitStatus } from './command-error.ts';
import type { CommandIo } from './command-io.ts';
import { helpText, parseCommandLine, type CommandSpec, type FlagSpecs, type FlagValues } from './define-command.ts';

/** What a command's body receives. */
export interface CommandContext<F extends FlagSpecs> {
  readonly values: FlagValues<F>;
  readonly positionals: readonly string[];
  readonly io: CommandIo;
  /** Whether `--json` was asked: results go to stdout as JSON, progress to stderr. */
  readonly json: boolean;
  /** A progress line for the person: stderr under `--json` (stdout stays parseable), else stdout. */
  readonly progress: (line: string) => void;
}

/** Pure: the lines a person reads for a failure, `<command>: error [CODE]: message` then what to do. */
export function formatFailure(command: string, error: unknown): string[] {
  if (!isReportableError(error)) return [`${command}: error [UNEXPECTED]: ${error instanceof Error ? error.message : String(error)}`];
  return [`${command}: error [${error.code}]: ${error.message}`, ...(error.contextLines ?? []), ...(error.advice ?? []).map((a) => `  what to do: ${a}`)];
}

/** Pure: the same failure for `--json`. */
export function failureJson(error: unknown): Record<string, unknown> {
  if (!isReportableError(error)) return { ok: false, error: { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) } };
  return { ok: false, error: { code: error.code, message: error.message, advice: error.advice ?? [], ...(error.details ?? {}) } };
}

function exitStatusOf(error: unknown): ExitStatus {
  if (isReportableError(error) && error.exitStatus !== undefined) return error.exitStatus;
  return EXIT.failed;
}

/**
 * Runs a command: parses flags (usage errors exit 2), answers `--help`, runs the body, and
 * reports any failure in the one format (`--json` too). Returns the exit status and never
 * calls `process.exit`, so tests run commands in-process.
 */
export async function runCommand<F extends FlagSpecs>(
  spec: CommandSpec<F>,
  argv: readonly string[],
  io: CommandIo,
  body: (ctx: CommandContext<F>) => Promise<ExitStatus | void>,
): Promise<ExitStatus> {
  let json = spec.json === true && argv.includes('--json');
  try {
    const { values, positionals } = parseCommandLine(spec, argv);
    if (values.help === true) {
      io.stdout(helpText(spec));
      return EXIT.ok;
    }
    json = values.json === true;
    const progress = (line: string): void => (json ? io.stderr : io.stdout)(`${line}\n`);
    return (await body({ values, positionals, io, json, progress })) ?? EXIT.ok;
  } catch (thrown) {
    // Ctrl-C aborts the requests under way; whatever they threw, the user stopped the command.
    const error = io.signal?.aborted === true ? new CommandError('CANCELLED', 'stopped (Ctrl-C) before it finished', [], { cause: thrown }) : thrown;
    if (json) io.stdout(`${JSON.stringify(failureJson(error), null, 2)}\n`);
    io.stderr(`${formatFailure(spec.name, error).join('\n')}\n`);
    return exitStatusOf(error);
  }
}
