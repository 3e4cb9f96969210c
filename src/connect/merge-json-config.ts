import { CommandError } from '../cli/command-error.ts';

/** What merging did to the server entry. */
export type MergeOutcome = 'added' | 'updated' | 'unchanged';

/**
 * Pure: `existing` (a client's JSON config file, or undefined when there is none) with
 * `servers[name]` set to `entry` (over the keys an existing entry has) and everything else kept as it was. Refuses, naming the file,
 * a file that is not JSON (comments included: JSONC cannot be rewritten without losing them)
 * or whose `serversKey` is not an object, rather than replacing what it cannot read.
 */
export function mergeJsonConfig(
  existing: string | undefined,
  target: { readonly file: string; readonly serversKey: string; readonly name: string; readonly entry: Readonly<Record<string, unknown>> },
): { text: string; outcome: MergeOutcome } {
  let root: unknown = {};
  if (existing !== undefined && existing.trim() !== '') {
    try {
      root = JSON.parse(existing);
    } catch (error) {
      throw new CommandError('CONFIG_UNREADABLE', `${target.file} is not plain JSON (${(error as Error).message}); nothing was written`, [
        'Fix the file, or add the entry printed without --write by hand (comments are not kept by a rewrite, so they are refused).',
      ]);
    }
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new CommandError('CONFIG_UNREADABLE', `${target.file} does not hold a JSON object; nothing was written`, ['Fix the file, or add the entry printed without --write by hand.']);
  }
  const object = root as Record<string, unknown>;
  const servers = object[target.serversKey] ?? {};
  if (servers === null || typeof servers !== 'object' || Array.isArray(servers)) {
    throw new CommandError('CONFIG_UNREADABLE', `"${target.serversKey}" in ${target.file} is not an object; nothing was written`, ['Fix the file, or add the entry printed without --write by hand.']);
  }
  const list = servers as Record<string, unknown>;
  const before = list[target.name];
  // An entry already there keeps the keys this one does not set: `.mcp.json` is read by both
  // Claude Code (`oauth`) and Copilot CLI (`tools`), and a user may have added `headers`.
  const entry = before !== null && typeof before === 'object' && !Array.isArray(before) ? { ...(before as Record<string, unknown>), ...target.entry } : target.entry;
  const outcome: MergeOutcome = before === undefined ? 'added' : JSON.stringify(before) === JSON.stringify(entry) ? 'unchanged' : 'updated';
  const merged = { ...object, [target.serversKey]: { ...list, [target.name]: entry } };
  return { text: `${JSON.stringify(merged, null, 2)}\n`, outcome };
}
