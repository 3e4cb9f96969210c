import { readEnvFile, updateEnvFile } from '../shared/env-file.ts';

/** What `npm run dev` wrote into `.env`, and what those keys held before. */
export interface DevEnvWrite {
  readonly path: string;
  readonly written: Readonly<Record<string, string>>;
  /** Each written key's value before (undefined: it was absent). */
  readonly previous: Readonly<Record<string, string | undefined>>;
}

/** Pure: what closing should put back, or why it must leave `.env` alone. */
export function planEnvRestore(write: Pick<DevEnvWrite, 'written' | 'previous'>, current: Readonly<Record<string, string>>): { updates: Record<string, string | undefined> } | { changed: string[] } {
  const changed = Object.keys(write.written).filter((k) => current[k] !== write.written[k]);
  if (changed.length > 0) return { changed };
  return { updates: { ...write.previous } };
}

/** Writes `values` into `.env` (atomically, other lines kept) and remembers what they replaced. */
export async function writeDevEnv(path: string, values: Readonly<Record<string, string>>): Promise<DevEnvWrite> {
  const before = await readEnvFile(path);
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, before[k]]));
  await updateEnvFile(path, values);
  return { path, written: values, previous };
}

/**
 * Puts back what {@link writeDevEnv} replaced, atomically, when the keys it wrote still
 * hold its values; when someone changed one since (another `npm run dev`, `register-app`),
 * leaves the file alone. Returns a line saying which happened.
 */
export async function restoreDevEnv(write: DevEnvWrite): Promise<string> {
  const plan = planEnvRestore(write, await readEnvFile(write.path));
  if ('changed' in plan) return `${write.path} left as it is: ${plan.changed.join(', ')} changed since this npm run dev wrote it`;
  await updateEnvFile(write.path, plan.updates);
  const removed = Object.values(plan.updates).every((v) => v === undefined);
  return `${write.path} restored: ${removed ? 'the keys npm run dev added are removed' : 'the values from before npm run dev are back'}`;
}
