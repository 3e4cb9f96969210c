/**
 * The MCP Inspector's CLI, `@modelcontextprotocol/inspector@2.12.0 --cli`, with the flags
 * `npm run connect -- mcp-inspector` renders (`--server-url`, `--client-id`), against
 * `npm run dev`. (`@modelcontextprotocol/inspector-cli` 1.0.3 cannot: its only auth is
 * `--header`, it has no OAuth and no `--client-id`.) Without a TTY the CLI signs in only when
 * MCP_AUTO_OPEN_ENABLED=true; it then hands the URL to `open` (BROWSER is a no-op here) and
 * prints "Please navigate to: <url>" on stderr, which the test follows to its loopback callback.
 * `--callback-url` only moves the callback off the fixed 6276 to a free port (Entra ignores
 * loopback ports); the rendered `--method tools/list` becomes `tools/call whoami`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { shellWords } from './helpers/shell-words.ts';
import { followRedirects } from '../e2e/helpers/follow-redirects.ts';
import { clientAgainstDevStack } from './helpers/client-fixture.ts';
import { connectJson } from './helpers/connect-output.ts';
import { urlAfter, whoamiOf } from './helpers/stdio-mcp.ts';

const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const fixture = clientAgainstDevStack(INSPECTOR);
let child: ChildProcessWithoutNullStreams | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

it('inspector 2.12.0 --cli signs in with the flags connect renders, resource sent, and calls whoami', async (ctx) => {
  if (!fixture.installed.ok) return ctx.skip();
  const setup = await connectJson(fixture.stack, 'mcp-inspector');
  expect(setup.path).toBe('direct');
  const words = shellWords(setup.command!);
  expect(words.slice(0, 3)).toEqual(['npx', '@modelcontextprotocol/inspector', '--cli']);
  expect(words.slice(-2)).toEqual(['--method', 'tools/list']);
  const mcpUrl = `${fixture.stack.serverUrl}/mcp`;
  const callbackUrl = `http://127.0.0.1:${await freePort()}/oauth/callback`;
  const launcher = join(fixture.installed.prefix, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');
  const args = [...words.slice(2, -2), '--method', 'tools/call', '--tool-name', 'whoami', '--callback-url', callbackUrl];
  child = fixture.child = spawn(process.execPath, [launcher, ...args], {
    env: { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'entra-mcp-inspector-home-')), BROWSER: 'true', DISPLAY: '', MCP_AUTO_OPEN_ENABLED: 'true', MCP_INSPECTOR_SECRET_STORE: 'memory' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'Please navigate to:', 'inspector --cli'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(fixture.stack.clientsClientId);
  expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl);
  expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toContain(`${mcpUrl}/access_as_user`);
  expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(callbackUrl);
  const callback = new URL(callbackUrl);
  await followRedirects(authorizationUrl.href, (u) => u.origin === callback.origin && u.pathname === callback.pathname);
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code, stderr).toBe(0);
  expect(whoamiOf(JSON.parse(stdout))).toMatchObject({ name: 'Adele Vance', client_app_id: fixture.stack.clientsClientId, scopes: ['access_as_user'] });
}, 30_000);
