/**
 * mcporter 0.12.3 (https://github.com/steipete/mcporter): its published package takes a
 * pre-registered client, `mcporter config add … --oauth-client-id <id>` (dist/cli/config/add.js)
 * as static client information (dist/oauth-client-info.js), and asks for the metadata's scope
 * and sends `resource` (the MCP SDK's defaults). This test runs exactly the `config add` command
 * `npm run connect -- mcporter` renders (with `--oauth-redirect-url` onto a callback the
 * "entra-mcp clients" registration carries) against the direct dev stack.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { followRedirects } from '../e2e/helpers/follow-redirects.ts';
import { clientAgainstDevStack } from './helpers/client-fixture.ts';
import { connectJson } from './helpers/connect-output.ts';
import { binOf } from './helpers/install-client.ts';
import { shellWords } from './helpers/shell-words.ts';
import { urlAfter } from './helpers/stdio-mcp.ts';

const MCPORTER = 'mcporter@0.12.3';
const fixture = clientAgainstDevStack(MCPORTER);
let child: ChildProcessWithoutNullStreams | undefined;

it('mcporter 0.12.3 signs in with the config add command connect renders, resource sent, and calls whoami', async (ctx) => {
  if (!fixture.installed.ok) return ctx.skip();
  const setup = await connectJson(fixture.stack, 'mcporter');
  expect(setup.path).toBe('direct');
  const words = shellWords(setup.command!);
  expect(words.slice(0, 3)).toEqual(['mcporter', 'config', 'add']);
  const mcpUrl = `${fixture.stack.serverUrl}/mcp`;
  const cwd = await mkdtemp(join(tmpdir(), 'entra-mcp-mcporter-'));
  const env = { ...process.env, HOME: join(cwd, 'home'), BROWSER: 'true', DISPLAY: '' };
  const mcporter = binOf(fixture.installed.prefix, 'mcporter');
  await promisify(execFile)(mcporter, [...words.slice(1), '--scope', 'project'], { cwd, env });
  child = fixture.child = spawn(mcporter, ['call', 'entra-mcp.whoami', '--output', 'json'], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'If the browser did not open, visit', 'mcporter'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(fixture.stack.clientsClientId);
  expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl);
  expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toContain(`${mcpUrl}/access_as_user`);
  const callback = new URL(authorizationUrl.searchParams.get('redirect_uri')!);
  await followRedirects(authorizationUrl.href, (u) => u.origin === callback.origin && u.pathname === callback.pathname);
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code, stderr).toBe(0);
  // `--output json` prints the tool's JSON text as it is.
  expect(JSON.parse(stdout)).toMatchObject({ name: 'Adele Vance', client_app_id: fixture.stack.clientsClientId, scopes: ['access_as_user'] });
}, 30_000);
