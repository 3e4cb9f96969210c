import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

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

/** `mcp-remote` running over stdio as Claude Desktop runs it, its sign-in pending. */
export interface McpRemoteSession {
  readonly client: Client;
  /** The authorization URL it prints once it has registered itself. */
  readonly authorizationUrl: Promise<URL>;
  /** Settles when the MCP connection is up (after the sign-in). */
  readonly connected: Promise<void>;
  readonly callbackPort: number;
  close(): Promise<void>;
}

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts `mcp-remote` for `mcpUrl` with its own config directory and a free callback port.
 * `open` would hand the URL to xdg-open and then $BROWSER: a no-op, since the tests drive Chromium.
 */
export async function startMcpRemote(mcpRemote: string, mcpUrl: string, extraArgs: readonly string[] = []): Promise<McpRemoteSession> {
  const configDir = await mkdtemp(join(tmpdir(), 'mcp-auth-'));
  const noBrowser = join(configDir, 'no-browser.sh');
  await writeFile(noBrowser, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const callbackPort = await freePort();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [mcpRemote, mcpUrl, String(callbackPort), ...extraArgs],
    env: { PATH: process.env.PATH ?? '', HOME: configDir, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: noBrowser },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'claude-desktop-stand-in', version: '1.0.0' });
  const authorizationUrl = authorizationUrlFrom(transport.stderr!);
  const connected = client.connect(transport);
  connected.catch(() => undefined); // awaited by the caller; a failure before then must not go unhandled
  return {
    client,
    authorizationUrl,
    connected,
    callbackPort,
    close: async () => {
      await client.close();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
