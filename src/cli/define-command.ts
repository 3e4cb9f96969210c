import { parseArgs } from 'node:util';
import { CommandError } from './command-error.ts';

/** One flag: `parseArgs`'s descriptor plus what `--help` says of it. */
export type FlagSpec =
  | { readonly type: 'boolean'; readonly short?: string; readonly description: string }
  | { readonly type: 'string'; readonly short?: string; readonly description: string; readonly valueName?: string; readonly multiple?: boolean };

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed values of `F`, plus the flags every command has. */
export type FlagValues<F extends FlagSpecs> = {
  readonly [K in keyof F]?: F[K] extends { type: 'boolean' } ? boolean : F[K] extends { multiple: true } ? string[] : string;
} & { readonly help?: boolean; readonly json?: boolean };

/** A command: its name as the user types it, what it does, and its flags. */
export interface CommandSpec<F extends FlagSpecs> {
  /** As typed, e.g. `npm run token`. */
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** Paragraphs after the summary: what it reads and writes, what comes next. */
  readonly details?: string;
  readonly flags: F;
  /** Whether the command offers `--json` (machine-readable output on stdout). */
  readonly json?: boolean;
  /** Names of positional arguments (`<client>`); none by default. */
  readonly positionals?: readonly string[];
}

/** The result of reading a command line. */
export interface ParsedCommandLine<F extends FlagSpecs> {
  readonly values: FlagValues<F>;
  readonly positionals: readonly string[];
}

function flagUsage(name: string, spec: FlagSpec): string {
  const short = spec.short === undefined ? '' : `-${spec.short}, `;
  return spec.type === 'string' ? `${short}--${name} <${spec.valueName ?? 'value'}>` : `${short}--${name}`;
}

/** Pure: the `--help` text, generated from the spec so it never drifts from the flags. */
export function helpText<F extends FlagSpecs>(spec: CommandSpec<F>): string {
  const rows: [string, string][] = Object.entries(spec.flags).map(([name, f]) => [flagUsage(name, f), f.description]);
  if (spec.json === true) rows.push(['--json', 'print the result as JSON on stdout (progress goes to stderr)']);
  rows.push(['-h, --help', 'this text']);
  const width = Math.min(28, Math.max(...rows.map(([u]) => u.length)) + 2);
  const lines = rows.map(([u, d]) => (u.length + 2 > width ? `  ${u}\n  ${' '.repeat(width)}${d}` : `  ${u.padEnd(width)}${d}`));
  const positionals = (spec.positionals ?? []).map((p) => ` <${p}>`).join('');
  const usage = `Usage: ${spec.name}${spec.name.startsWith('npm run') ? ' --' : ''}${positionals} [options]`;
  return [usage, '', spec.summary, ...(spec.details === undefined ? [] : ['', spec.details.trimEnd()]), '', 'Options:', ...lines, ''].join('\n');
}

/**
 * Pure: reads `argv` against the spec. An unknown flag, a missing value or a stray
 * argument throws `CommandError('USAGE')`, naming it, instead of a stack trace.
 */
export function parseCommandLine<F extends FlagSpecs>(spec: CommandSpec<F>, argv: readonly string[]): ParsedCommandLine<F> {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries(spec.flags)) {
    options[name] = { type: f.type, ...(f.short === undefined ? {} : { short: f.short }), ...(f.type === 'string' && f.multiple === true ? { multiple: true } : {}) };
  }
  options.help = { type: 'boolean', short: 'h' };
  if (spec.json === true) options.json = { type: 'boolean' };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: (spec.positionals ?? []).length > 0 });
    if (positionals.length > (spec.positionals ?? []).length) throw new Error(`unexpected argument ${JSON.stringify(positionals.at(-1))}`);
    return { values: values as FlagValues<F>, positionals };
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CommandError('USAGE', message, [`Run \`${spec.name}${spec.name.startsWith('npm run') ? ' --' : ''} --help\` for the options.`]);
  }
}
