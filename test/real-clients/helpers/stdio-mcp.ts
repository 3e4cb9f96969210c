/** MCP over a child's stdio (newline-delimited JSON-RPC), and reading a URL the child prints. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Resolves with the first line after `marker` that is a URL (on the marker line or after it). */
export function urlAfter(stream: NodeJS.ReadableStream, marker: string, who: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = false;
    let log = '';
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      log += `${line}\n`;
      if (line.includes(marker)) seen = true;
      const url = seen ? /https?:\/\/\S+/.exec(line.slice(line.includes(marker) ? line.indexOf(marker) + marker.length : 0)) : null;
      if (url !== null) resolve(url[0]);
    });
    lines.on('close', () => reject(new Error(`${who} printed no authorization URL:\n${log}`)));
  });
}

/** Sends requests over the child's stdin and resolves each with the response of its id. */
export function stdioRpc(proc: ChildProcessWithoutNullStreams) {
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { id?: number };
    if (typeof message.id === 'number') waiting.get(message.id)?.(message);
  });
  return {
    request: (id: number, method: string, params: unknown) =>
      new Promise<Record<string, unknown>>((resolve) => {
        waiting.set(id, resolve);
        proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
      }),
    notify: (method: string) => proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`),
  };
}

/** Pure: the `whoami` tool's JSON from a tools/call result. */
export function whoamiOf(result: unknown): Record<string, unknown> {
  const text = (result as { content?: { type: string; text?: string }[] } | undefined)?.content?.find((c) => c.type === 'text')?.text;
  if (text === undefined) throw new Error(`whoami returned no text: ${JSON.stringify(result)}`);
  return JSON.parse(text) as Record<string, unknown>;
}
