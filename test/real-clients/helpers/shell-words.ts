/** Pure: splits a command line rendered with src/connect/shell-quote.ts (plain words and '…' single-quoted ones) back into words. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)) words.push(match[1] !== undefined ? match[1].replaceAll("'\\''", "'") : match[2]!);
  return words;
}
