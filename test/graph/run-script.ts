/** Runs `scripts/<name>.ts` as a child process, the way `npm run <name>` does. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface ScriptRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * @param env - the child's whole environment (nothing inherited, so a developer's own
 *   AZURE_* variables cannot leak into a test); PATH and HOME are added when missing.
 * @param onSpawn - gets the child, e.g. so a fault can kill it mid-run.
 */
export function runScript(name: 'register-app' | 'rotate-secret', args: readonly string[], options: { cwd: string; env: Record<string, string>; onSpawn?: (child: ChildProcess) => void }): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${repo}scripts/${name}.ts`, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
