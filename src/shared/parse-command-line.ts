import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` for a command's entry point: an unknown flag or a missing value prints one
 * line naming the problem and pointing at `--help`, then exits 2, instead of a stack trace.
 */
export function parseCommandLine<T extends Options>(command: string, options: T): ReturnType<typeof parseArgs<{ options: T; strict: true }>>['values'] {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`${command}: ${message}\nRun \`${command} -- --help\` for the options.\n`);
    process.exit(2);
  }
}
