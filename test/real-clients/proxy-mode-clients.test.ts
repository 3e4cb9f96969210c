/**
 * Real clients against `npm run dev -- --auth-mode proxy` (`test/proxy/dev-proxy-real-clients`
 * has mcp-remote at localhost and the SDK client). `mcp-remote` called at
 * `http://127.0.0.1:PORT/mcp`. The MCP Inspector's CLI
 * (`@modelcontextprotocol/inspector@2.12.0 --cli`): once registering itself (no `--client-id`), once with a Client
 * ID Metadata Document (`--client-metadata-url`, served over https from 127.0.0.1 with a
 * certificate the stack's proxy trusts through `startDevStack`'s exemption). Without a TTY
 * the CLI signs in only when MCP_AUTO_OPEN_ENABLED=true; it hands the URL to `open` (BROWSER
 * is a no-op) and prints "Please navigate to: <url>" on stderr. Headless Chromium opens it,
 * clicks "Allow" on the proxy's consent page and lands on the CLI's loopback callback.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { startDocumentHost, type DocumentHost } from '../proxy/helpers/https-document-host.ts';
import { freePort, installMcpRemote, startMcpRemote } from '../proxy/helpers/mcp-remote.ts';
import { installClient, type Installed } from './helpers/install-client.ts';
import { urlAfter, whoamiOf } from './helpers/stdio-mcp.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';

const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';

let installed: Installed;
let mcpRemote: string;
let stack: DevStack;
let host: DocumentHost;
let browser: Browser;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  host = await startDocumentHost();
  [installed, mcpRemote, stack, browser] = await Promise.all([
    installClient(INSPECTOR),
    installMcpRemote(),
    startDevStack({ idpPort: 0, serverPort: 0, authMode: 'proxy', autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' }, loopbackMetadataDocuments: { ca: host.ca } }),
    launchChromium(),
  ]);
}, 150_000);
afterAll(async () => {
  for (const child of children) child.kill();
  await Promise.all([browser?.close(), stack?.close(), host?.close()]);
});


/** Chromium on the consent page: returns the client name it shows, after "Allow" led to `callbackUrl`. */
async function consentInChromium(authorizationUrl: URL, callbackUrl: string): Promise<string | null> {
  const page = await browser.newPage();
  try {
    await page.goto(authorizationUrl.href);
    await page.getByRole('heading', { name: /Allow .* to use this MCP server\?/ }).waitFor();
    const clientName = await page.locator('#client-name').textContent();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(callbackUrl));
    return clientName;
  } finally {
    await page.close();
  }
}

/** Runs the CLI's `tools/call whoami`; Chromium consents to the URL it prints. Returns the URL, the page's client name and whoami. */
async function inspectorWhoami(callbackUrl: string, extraArgs: string[]) {
  const prefix = (installed as { prefix: string }).prefix;
  const launcher = join(prefix, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');
  const args = ['--cli', '--server-url', `${stack.serverUrl}/mcp`, '--method', 'tools/call', '--tool-name', 'whoami', '--callback-url', callbackUrl, ...extraArgs];
  const child = spawn(process.execPath, [launcher, ...args], {
    env: { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'entra-mcp-inspector-home-')), BROWSER: 'true', DISPLAY: '', MCP_AUTO_OPEN_ENABLED: 'true', MCP_INSPECTOR_SECRET_STORE: 'memory' },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const authorizationUrl = new URL(await urlAfter(child.stderr, 'Please navigate to:', 'inspector --cli'));
  const clientName = await consentInChromium(authorizationUrl, callbackUrl);
  const [code] = await exited;
  expect(code, stderr).toBe(0);
  return { authorizationUrl, clientName, whoami: whoamiOf(JSON.parse(stdout)) };
}

it('inspector --cli registers itself at the proxy, the person consents in Chromium, and whoami answers', async (ctx) => {
  if (!installed.ok) return ctx.skip();
  const callbackUrl = `http://127.0.0.1:${await freePort()}/oauth/callback`;
  const { authorizationUrl, clientName, whoami } = await inspectorWhoami(callbackUrl, []);
  expect(authorizationUrl.origin).toBe(stack.serverUrl);
  expect(authorizationUrl.searchParams.get('resource')).toBe(`${stack.serverUrl}/mcp`);
  expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(callbackUrl);
  expect(clientName).toBe('MCP Inspector');
  expect(whoami).toMatchObject({ name: 'Adele Vance', scopes: ['access_as_user'], client_app_id: authorizationUrl.searchParams.get('client_id') });
}, 60_000);

it('inspector --cli --client-metadata-url signs in with the document: the page names its client, and whoami names the document as the client', async (ctx) => {
  if (!installed.ok) return ctx.skip();
  const callbackUrl = `http://127.0.0.1:${await freePort()}/oauth/callback`;
  const clientId = `${host.origin}/inspector/metadata.json`;
  host.serve('/inspector/metadata.json', { client_id: clientId, client_name: 'Inspector By Document', redirect_uris: [callbackUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' });
  const { authorizationUrl, clientName, whoami } = await inspectorWhoami(callbackUrl, ['--client-metadata-url', clientId]);
  expect(authorizationUrl.searchParams.get('client_id')).toBe(clientId);
  expect(clientName).toBe('Inspector By Document');
  expect(host.requests).toContain('/inspector/metadata.json');
  expect(whoami).toMatchObject({ name: 'Adele Vance', client_app_id: clientId });
}, 60_000);

it('mcp-remote at http://127.0.0.1:PORT/mcp registers, the person consents in Chromium, and whoami answers', async () => {
  const mcpUrl = `${stack.serverUrl.replace('localhost', '127.0.0.1')}/mcp`;
  const remote = await startMcpRemote(mcpRemote, mcpUrl);
  try {
    const authorizationUrl = await remote.authorizationUrl;
    expect(authorizationUrl.origin).toBe(stack.serverUrl); // the issuer keeps its one name
    expect(authorizationUrl.searchParams.get('resource')).toBe(mcpUrl);
    expect(await consentInChromium(authorizationUrl, authorizationUrl.searchParams.get('redirect_uri')!)).toBe('MCP CLI Proxy');
    await remote.connected;
    const result = await remote.client.callTool({ name: 'whoami', arguments: {} });
    expect(result.structuredContent).toMatchObject({ name: 'Adele Vance', client_app_id: authorizationUrl.searchParams.get('client_id') });
  } finally {
    await remote.close();
  }
}, 60_000);
