/**
 * Pure: `value` as one POSIX shell word. URLs, GUIDs and names pass as they are; anything
 * else is single-quoted (a `'` inside becomes `'\''`).
 */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
