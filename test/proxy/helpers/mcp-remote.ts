import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { promisify } from 'node:util';

/** The `mcp-remote` tested: what Claude Desktop and Cursor run for a remote server (`npx mcp-remote URL`). */
export const MCP_REMOTE_VERSION = '0.15.1';

/**
 * The path of `mcp-remote`'s entry point: `MCP_REMOTE_BIN`, or the version above installed
 * once into a scratch prefix from the npm registry (84 small packages, a few seconds, no
 * browser: it opens one through the `open` package, which the test points at a no-op).
 * Not a dependency of the project: it is a client, tested from outside.
 */
export async function installMcpRemote(): Promise<string> {
  if (process.env.MCP_REMOTE_BIN !== undefined) return process.env.MCP_REMOTE_BIN;
  const prefix = join(tmpdir(), `entra-mcp-mcp-remote-${MCP_REMOTE_VERSION}`);
  const bin = join(prefix, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');
  if (existsSync(bin)) return bin;
  try {
    await promisify(execFile)('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `mcp-remote@${MCP_REMOTE_VERSION}`], { timeout: 120_000 });
  } catch (error) {
    throw new Error(`could not install mcp-remote@${MCP_REMOTE_VERSION} from the npm registry into ${prefix} (set MCP_REMOTE_BIN to an installed dist/proxy.js): ${(error as Error).message}`);
  }
  return bin;
}

/** Resolves with the authorization URL once `mcp-remote` prints it ("Please authorize this client by visiting:"). */
export function authorizationUrlFrom(stream: Stream): Promise<URL> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const url = /Please authorize this client by visiting:\s*\n(\S+)/.exec(text)?.[1];
      if (url !== undefined) {
        stream.off('data', onData);
        resolve(new URL(url));
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`mcp-remote ended without an authorization URL:\n${text.slice(-2000)}`)));
  });
}
