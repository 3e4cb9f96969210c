import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type { Env } from './read-env.ts';

export interface DotenvResult {
  /** The environment with the file's settings beneath it: a variable already set wins. */
  readonly env: Env;
  /** The file read, or undefined when there is none. */
  readonly file: string | undefined;
  /** Names (never values) of the settings that came from the file. */
  readonly fromFile: readonly string[];
}

/**
 * Reads `.env` in `dir` as every other command does, under the environment: a container or a
 * shell that sets a variable always wins over the file. Parsed by Node (`util.parseEnv`).
 */
export function readDotenv(dir: string, env: Env): DotenvResult {
  const file = join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { env, file: undefined, fromFile: [] };
    throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseEnv(text);
  const fromFile = Object.keys(parsed).filter((name) => env[name] === undefined).sort();
  return { env: { ...parsed, ...env }, file, fromFile };
}
