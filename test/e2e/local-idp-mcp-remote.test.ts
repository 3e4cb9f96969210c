/**
 * A real MCP client against `npm run dev`: mcp-remote (its current npm release, installed into
 * a temporary prefix here, not a project dependency: about 5 s, no browser download), given the
 * "entra-mcp clients" registration's id the way its docs say (`--static-oauth-client-info`), with
 * its defaults otherwise: it sends `resource` = the metadata's resource, asks for the advertised
 * scope, and calls back to `http://localhost:{port}/oauth/callback`. No browser runs: the test
 * reads the authorization URL mcp-remote prints, signs in as the local provider's automation
 * user, lets the redirect reach mcp-remote's callback, then speaks MCP over its stdio and calls
 * `whoami`.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { followRedirects } from './helpers/follow-redirects.ts';

const MCP_REMOTE = 'mcp-remote@0.15.1';
let prefix: string;
let stack: DevStack;
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  prefix = await mkdtemp(join(tmpdir(), 'entra-mcp-mcp-remote-'));
  await promisify(execFile)('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--silent', MCP_REMOTE], { timeout: 120_000 });
  stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } });
}, 150_000);
afterAll(async () => {
  child?.kill();
  await stack?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** Resolves with the first stderr line after `marker` that is a URL. */
function urlAfter(stream: NodeJS.ReadableStream, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = false;
    let log = '';
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      log += `${line}\n`;
      if (line.includes(marker)) seen = true;
      else if (seen && /^https?:\/\//.test(line.trim())) resolve(line.trim());
    });
    lines.on('close', () => reject(new Error(`mcp-remote printed no authorization URL:\n${log}`)));
  });
}

/** JSON-RPC over mcp-remote's stdio: sends one request and resolves with the response of that id. */
function rpc(proc: ChildProcessWithoutNullStreams) {
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

it('mcp-remote signs in with MCP_CLIENTS_CLIENT_ID, resource sent, and calls whoami', async () => {
  const port = await freePort();
  const serverUrl = `${stack.serverUrl}/mcp`;
  const bin = join(prefix, 'node_modules', '.bin', 'mcp-remote');
  child = spawn(bin, [serverUrl, String(port), '--static-oauth-client-info', JSON.stringify({ client_id: stack.clientsClientId })], {
    // Its token cache in a fresh folder; no browser (it then only prints the URL).
    env: { ...process.env, MCP_REMOTE_CONFIG_DIR: join(prefix, 'auth'), BROWSER: 'false', DISPLAY: '' },
  });
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'Please authorize this client by visiting'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(stack.clientsClientId);
  expect(authorizationUrl.searchParams.get('resource')).toBe(serverUrl);
  expect(authorizationUrl.searchParams.get('scope')).toContain(`${serverUrl}/access_as_user`);
  expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`http://localhost:${port}/oauth/callback`);
  // The provider signs the automation user in (the clients app is pre-authorized: no consent)
  // and redirects to mcp-remote's own callback server, which redeems the code.
  await followRedirects(authorizationUrl.href, (u) => u.pathname === '/oauth/callback');

  const mcp = rpc(child);
  const init = await mcp.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } });
  expect(init.error).toBeUndefined();
  mcp.notify('notifications/initialized');
  const call = (await mcp.request(2, 'tools/call', { name: 'whoami', arguments: {} })) as { result?: { content: { text: string }[] } };
  const whoami = JSON.parse(call.result?.content[0]?.text ?? '{}') as Record<string, unknown>;
  expect(whoami).toMatchObject({ name: 'Adele Vance', client_app_id: stack.clientsClientId, scopes: ['access_as_user'] });
}, 60_000);
