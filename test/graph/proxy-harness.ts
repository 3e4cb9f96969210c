/** Shared set-up for the proxy-mode register-app tests. */
import { parseEnv } from 'node:util';
import { expect } from 'vitest';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { inProcessIo, readEnv, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';

/** On a verified domain of the stand-in's tenant, so the identifier URI is accepted. */
export const PUBLIC_URL = 'https://mcp.contoso.example';
export const PROXY = ['--auth-mode', 'proxy', '--public-url', PUBLIC_URL];

/** A registration register-app already converged (the public URL's identifier URI included), and its .env. */
export async function converged() {
  const standIn = createStandIn();
  const cwd = tempDir();
  expect(await runRegisterApp(['--mcp-url', PUBLIC_URL], inProcessIo(standIn, cwd))).toBe(0);
  const app = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');
  if (app === undefined) throw new Error('no application');
  standIn.graph.requests.length = 0;
  return { standIn, cwd, app, env: () => parseEnv(readEnv(cwd)) as Record<string, string> };
}

export const planLines = (out: string) => out.split('\n').filter((l) => l.includes('• plan: '));
export const writes = (requests: readonly string[]) => requests.filter((r) => !r.startsWith('GET '));

