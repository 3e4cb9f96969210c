/**
 * Codex CLI 0.171.0 (https://github.com/openai/codex): its npm package carries the native
 * binary as an optional dependency from the registry (`@openai/codex-linux-x64` =
 * `@openai/codex@0.171.0-linux-x64`), nothing downloaded from elsewhere. The config.toml lines
 * `npm run connect -- codex` renders go into a fresh CODEX_HOME; `codex mcp login entra-mcp`
 * prints the authorization URL (no browser: BROWSER is a no-op) and waits on its loopback
 * callback; following the URL's redirects completes the sign-in. Codex calls tools only
 * inside a model turn (which needs an OpenAI account), so `whoami` is called here with the
 * access token Codex stored: the token Codex obtained is the one the server accepts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, it } from 'vitest';
import { followRedirects } from '../e2e/helpers/follow-redirects.ts';
import { clientAgainstDevStack } from './helpers/client-fixture.ts';
import { connectJson } from './helpers/connect-output.ts';
import { binOf } from './helpers/install-client.ts';
import { urlAfter, whoamiOf } from './helpers/stdio-mcp.ts';

const CODEX = '@openai/codex@0.171.0';
const fixture = clientAgainstDevStack(CODEX);
let child: ChildProcessWithoutNullStreams | undefined;

it('codex 0.171.0: mcp login signs in with the config.toml lines connect renders, resource sent; its token calls whoami', async (ctx) => {
  if (!fixture.installed.ok) return ctx.skip();
  const setup = await connectJson(fixture.stack, 'codex');
  expect(setup.path).toBe('direct');
  const codexHome = await mkdtemp(join(tmpdir(), 'entra-mcp-codex-home-'));
  await writeFile(join(codexHome, 'config.toml'), setup.snippet!.text);
  const mcpUrl = `${fixture.stack.serverUrl}/mcp`;
  // The OS keyring is absent here: `-c` keeps Codex's tokens in CODEX_HOME, leaving the rendered lines as they are.
  child = fixture.child = spawn(binOf(fixture.installed.prefix, 'codex'), ['mcp', 'login', 'entra-mcp', '-c', 'mcp_oauth_credentials_store="file"'], {
    env: { ...process.env, CODEX_HOME: codexHome, BROWSER: 'true', DISPLAY: '' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => void (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (output += d.toString()));
  const authorizationUrl = new URL(await urlAfter(child.stdout, 'by opening this URL', 'codex mcp login'));
  expect(authorizationUrl.searchParams.get('client_id')).toBe(fixture.stack.clientsClientId);
  expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl);
  expect(authorizationUrl.searchParams.get('scope')?.split(' ')).toContain(`${mcpUrl}/access_as_user`);
  const callback = new URL(authorizationUrl.searchParams.get('redirect_uri')!);
  await followRedirects(authorizationUrl.href, (u) => u.origin === callback.origin && u.pathname === callback.pathname);
  const [code] = (await once(child, 'exit')) as [number | null];
  expect(code, output).toBe(0);

  // The stored entry, for the rendered client id and the metadata's resource (never printed: it holds the token).
  const stored = Object.values(JSON.parse(await readFile(join(codexHome, '.credentials.json'), 'utf8')) as Record<string, StoredToken>);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ server_url: mcpUrl, client_id: fixture.stack.clientsClientId, scopes: [`${mcpUrl}/access_as_user`] });
  const mcp = new Client({ name: 'codex-token-check', version: '1' });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${stored[0]!.access_token}` } } }));
  try {
    const result = await mcp.callTool({ name: 'whoami', arguments: {} });
    expect(whoamiOf(result)).toMatchObject({ name: 'Adele Vance', client_app_id: fixture.stack.clientsClientId, scopes: ['access_as_user'] });
  } finally {
    await mcp.close();
  }
}, 30_000);

/** One entry of Codex's file credential store (`mcp_oauth_credentials_store = "file"`). */
interface StoredToken {
  readonly server_url: string;
  readonly client_id: string;
  readonly access_token: string;
  readonly scopes: readonly string[];
}
