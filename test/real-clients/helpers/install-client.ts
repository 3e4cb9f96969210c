/**
 * Installs one real MCP client from the npm registry into a temporary prefix (not a project
 * dependency). Resolves with the prefix, or with the reason the install failed, so a test
 * file can skip with that reason printed instead of failing where the registry is out of reach.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export type Installed = { ok: true; prefix: string } | { ok: false; reason: string };

export async function installClient(spec: string): Promise<Installed> {
  const prefix = await mkdtemp(join(tmpdir(), 'entra-mcp-real-client-'));
  try {
    await promisify(execFile)('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--silent', spec], { timeout: 120_000 });
    return { ok: true, prefix };
  } catch (error) {
    const reason = `npm install ${spec} failed: ${(error as Error).message.split('\n')[0]}`;
    console.warn(`skipping: ${reason}`);
    return { ok: false, reason };
  }
}

/** The path of an installed package's bin. */
export function binOf(prefix: string, name: string): string {
  return join(prefix, 'node_modules', '.bin', name);
}
