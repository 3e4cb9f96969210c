import { spawn } from 'node:child_process';

/** The outcome of one command: its exit code, and its stdout when it was captured. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
}

/**
 * Runs a command. `capture: false` hands it the terminal (Pulumi's own progress and its
 * confirmation prompt); `capture: true` collects stdout. Injected, so tests use a stand-in.
 */
export type ProcessRunner = (command: string, args: readonly string[], options: { readonly capture: boolean }) => Promise<ProcessResult>;

/** Where to get a command this flow needs, for the message when it is missing. */
const INSTALL: Record<string, string> = {
  pulumi: 'install the Pulumi CLI: https://www.pulumi.com/docs/iac/download-install/',
  az: 'install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli',
};

/** The real {@link ProcessRunner}: `child_process.spawn`, no shell. */
export const runProcess: ProcessRunner = (command, args, options) => new Promise((resolve, reject) => {
  const child = spawn(command, [...args], { stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.once('error', (error: NodeJS.ErrnoException) => {
    reject(error.code === 'ENOENT' ? new Error(`\`${command}\` was not found on PATH: ${INSTALL[command] ?? `install ${command}`}`) : error);
  });
  child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout }));
});
