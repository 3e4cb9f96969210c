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
import { expect, it } from 'vitest';
import { followRedirects } from '../e2e/helpers/follow-redirects.ts';
import { clientAgainstDevStack } from './helpers/client-fixture.ts';
import { connectJson } from './helpers/connect-output.ts';
import { binOf } from './helpers/install-client.ts';
import { stdioRpc, urlAfter, whoamiOf } from './helpers/stdio-mcp.ts';

const MCP_REMOTE = 'mcp-remote@0.15.1';
const fixture = clientAgainstDevStack(MCP_REMOTE);
let child: ChildProcessWithoutNullStreams | undefined;

it("mcp-remote 0.15.1 signs in with the args connect renders for Claude Desktop and calls whoami", async (ctx) => {
  if (!fixture.installed.ok) return ctx.skip();
  const setup = await connectJson(fixture.stack, 'mcp-remote');
  expect(setup.path).toBe('direct');
  const entry = setup.jsonFile?.entry as { command: string; args: string[] };
  expect(entry.command).toBe('npx');
  // `npx -y mcp-remote …`: npx resolves the package; here it is the pinned install.
  expect(entry.args.slice(0, 2)).toEqual(['-y', 'mcp-remote']);
  const mcpUrl = `${fixture.stack.serverUrl}/mcp`;
  child = fixture.child = spawn(binOf(fixture.installed.prefix, 'mcp-remote'), entry.args.slice(2), {
    // Its token cache in a fresh folder; no browser (it then only prints the URL).
    env: { ...process.env, MCP_REMOTE_CONFIG_DIR: join(fixture.installed.prefix, 'auth'), BROWSER: 'false', DISPLAY: '' },
  });
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'Please authorize this client by visiting', 'mcp-remote'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(fixture.stack.clientsClientId);
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
  expect(whoamiOf(call.result)).toMatchObject({ name: 'Adele Vance', client_app_id: fixture.stack.clientsClientId, scopes: ['access_as_user'] });
}, 30_000);
