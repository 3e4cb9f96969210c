/** Shared set-up for the Graph script tests: a stand-in, a working directory, an environment. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Application } from '@microsoft/microsoft-graph-types';
import { appRegistration } from '../../src/registration/app-registration.ts';
import type { CommandIo } from '../../src/cli/command-io.ts';
import { newApplication, type Directory } from './directory.ts';
import type { StandIn } from './stand-in.ts';

export function tempDir(prefix = 'graph-script-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Puts an application into the directory as if created earlier (by hand, or by another run). */
export function seedApplication(directory: Directory, overrides: Application = {}): Application {
  const app = { ...newApplication(directory, { displayName: appRegistration.displayName }), ...overrides };
  directory.applications.set(app.id as string, app);
  return app;
}

export function readEnv(cwd: string): string {
  return readFileSync(join(cwd, '.env'), 'utf8');
}

export function envMode(cwd: string): number {
  return statSync(join(cwd, '.env')).mode & 0o777;
}

export function writeEnv(cwd: string, text: string): void {
  writeFileSync(join(cwd, '.env'), text, { mode: 0o600 });
}

/** An in-process io: the stand-in as fetch, sleeps recorded instead of waited. */
export function inProcessIo(standIn: StandIn, cwd: string, env: Record<string, string> = {}): CommandIo & { out: () => string; err: () => string; sleeps: number[] } {
  let out = '';
  let err = '';
  const sleeps: number[] = [];
  return {
    cwd,
    env: { MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com', MICROSOFT_GRAPH_TOKEN: standIn.directory.graphToken, AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com', ...env },
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    fetch: standIn.fetch,
    sleep: async (ms) => void sleeps.push(ms),
    out: () => out,
    err: () => err,
    sleeps,
  };
}
