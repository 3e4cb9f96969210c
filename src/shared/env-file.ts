import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { parseEnv } from 'node:util';

/** Reads a `.env` file into a map; a missing file is an empty map. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseEnv(text) as Record<string, string>;
}

const KEY_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

// dotenv (and Node's parseEnv) has no escape sequences inside quotes, so pick a quote
// character the value does not contain: single quotes are literal, backticks likewise.
function quote(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error('a .env value cannot contain a line break');
  if (/^[A-Za-z0-9_.:/@+\-,=]*$/.test(value)) return value;
  for (const q of ["'", '`']) if (!value.includes(q)) return `${q}${value}${q}`;
  throw new Error("a .env value cannot contain both ' and ` characters");
}

/**
 * Pure: the new text of a `.env` file with `updates` applied. Keys already present are
 * replaced in place (their first occurrence; later duplicates dropped), new keys are
 * appended, `undefined` removes a key, and every other line (comments, unrelated keys)
 * is kept as it was.
 */
export function mergeEnvText(existing: string, updates: Readonly<Record<string, string | undefined>>): string {
  const pending = new Map(Object.entries(updates));
  const seen = new Set<string>();
  const out: string[] = [];
  const lines = existing.length === 0 ? [] : existing.replace(/\r?\n$/, '').split(/\r?\n/);
  for (const line of lines) {
    const key = KEY_LINE.exec(line)?.[1];
    if (key === undefined || !(key in updates)) {
      out.push(line);
      continue;
    }
    if (seen.has(key)) continue;
    seen.add(key);
    const value = pending.get(key);
    pending.delete(key);
    if (value !== undefined) out.push(`${key}=${quote(value)}`);
  }
  for (const [key, value] of pending) if (value !== undefined) out.push(`${key}=${quote(value)}`);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * Writes `text` to `path` atomically with mode 0600: a temporary file in the same
 * directory, fsync, then rename, so a crash leaves either the old file or the new one.
 */
export async function writeFileAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await chmod(tmp, mode); // the umask may have narrowed or widened what `open` was given
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** Applies `updates` to the `.env` file at `path`, keeping unrelated lines; atomic, mode 0600. */
export async function updateEnvFile(path: string, updates: Readonly<Record<string, string | undefined>>): Promise<void> {
  let existing = '';
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await writeFileAtomic(path, mergeEnvText(existing, updates));
}
