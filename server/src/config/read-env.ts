import { ConfigError } from './config-error.ts';

/** The environment as `loadConfig` reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's trimmed value; empty counts as unset. */
export function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** A comma- or space-separated list. */
export function list(env: Env, name: string): string[] {
  return (value(env, name) ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** An integer within bounds, or the default when unset; throws naming the variable otherwise. */
export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`, String(fallback));
  }
  return n;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, 'must be true or false', String(fallback));
}
