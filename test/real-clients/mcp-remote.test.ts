/**
 * mcp-remote 0.15.1 (https://github.com/geelen/mcp-remote), run with exactly the args
 * `npm run connect -- mcp-remote` renders for Claude Desktop's config, against `npm run dev`:
 * it sends `resource` by default, signs in through the "entra-mcp clients" registration, and
 * `whoami` names the signed-in user. No browser: the local provider signs the automation user
 * in, so following the printed authorization URL's redirects to mcp-remote's loopback callback
 * is all a browser would do.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { followRedirects } from '../e2e/helpers/follow-redirects.ts';
import { connectJson } from './helpers/connect-output.ts';
import { binOf, installClient, type Installed } from './helpers/install-client.ts';
import { stdioRpc, urlAfter, whoamiOf } from './helpers/stdio-mcp.ts';

const MCP_REMOTE = 'mcp-remote@0.15.1';
let installed: Installed;
let stack: DevStack;
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  [installed, stack] = await Promise.all([installClient(MCP_REMOTE), startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } })]);
}, 150_000);
afterAll(async () => {
  child?.kill();
  await stack?.close();
});

it("mcp-remote 0.15.1 signs in with the args connect renders for Claude Desktop and calls whoami", async (ctx) => {
  if (!installed.ok) return ctx.skip();
  const setup = await connectJson(stack, 'mcp-remote');
  expect(setup.path).toBe('direct');
  const entry = setup.jsonFile?.entry as { command: string; args: string[] };
  expect(entry.command).toBe('npx');
  // `npx -y mcp-remote …`: npx resolves the package; here it is the pinned install.
  expect(entry.args.slice(0, 2)).toEqual(['-y', 'mcp-remote']);
  const mcpUrl = `${stack.serverUrl}/mcp`;
  child = spawn(binOf(installed.prefix, 'mcp-remote'), entry.args.slice(2), {
    // Its token cache in a fresh folder; no browser (it then only prints the URL).
    env: { ...process.env, MCP_REMOTE_CONFIG_DIR: join(installed.prefix, 'auth'), BROWSER: 'false', DISPLAY: '' },
  });
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'Please authorize this client by visiting', 'mcp-remote'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(stack.clientsClientId);
  expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl);
  expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toContain(`${mcpUrl}/access_as_user`);
  const callback = new URL(authorizationUrl.searchParams.get('redirect_uri')!);
  expect(callback.pathname).toBe('/oauth/callback');
  await followRedirects(authorizationUrl.href, (u) => u.origin === callback.origin && u.pathname === callback.pathname);

  const mcp = stdioRpc(child);
  const init = await mcp.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } });
  expect(init.error).toBeUndefined();
  mcp.notify('notifications/initialized');
  const call = await mcp.request(2, 'tools/call', { name: 'whoami', arguments: {} });
  expect(whoamiOf(call.result)).toMatchObject({ name: 'Adele Vance', client_app_id: stack.clientsClientId, scopes: ['access_as_user'] });
}, 30_000);
