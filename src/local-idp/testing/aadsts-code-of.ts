import { EntraError } from '../entra-error.ts';

/** Test helper: the AADSTS code `fn` throws as an `EntraError`, or undefined when it accepts. */
export function aadstsCodeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof EntraError) return error.code;
    throw error;
  }
  return undefined;
}
