import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  /** Resident set size of the server process, in MB (Linux /proc). */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

const SERVE = new URL('./serve.ts', import.meta.url).pathname;

// entra-mcp runs with the heap cap its `npm start` and image use; the peer with Node's defaults.
const ENTRA_MCP_NODE_FLAGS = ['--max-old-space-size=128'];

/** Starts `bench/serve.ts <mode>` in its own process and waits for its URL. */
export async function startChildServer(mode: 'auth-on' | 'auth-off' | 'peer', env: Record<string, string>): Promise<ChildServer> {
  const flags = mode === 'peer' ? [] : ENTRA_MCP_NODE_FLAGS;
  const child: ChildProcess = spawn(process.execPath, [...flags, SERVE, mode], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${mode} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    pid: child.pid!,
    rssMb: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
