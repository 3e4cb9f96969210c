/**
 * Real MCP clients, not written here, against `npm run dev -- --auth-mode proxy
 * --auto-sign-in adele` (the command itself, in-process): `mcp-remote` (what Claude Desktop
 * and Cursor run) and the MCP SDK client with its default OAuth behaviour. Headless
 * Chromium shows the proxy's consent page, which `--auto-sign-in` never skips.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCommand, type CommandIo } from '../../src/cli/index.ts';
import { devCommand, runDev } from '../../src/local-idp/dev-command.ts';
import { installMcpRemote, startMcpRemote } from './helpers/mcp-remote.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';


let cwd: string;
let browser: Browser;
let mcpRemote: string;
let serverUrl: string;
let banner: string;
let stop: AbortController;
let status: Promise<number>;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'dev-proxy-'));
  const [bin] = await Promise.all([installMcpRemote(), launchChromium().then((b) => (browser = b))]);
  mcpRemote = bin;
  stop = new AbortController();
  const out: string[] = [];
  let announce: () => void = () => undefined;
  const ready = new Promise<void>((done) => (announce = done));
  const io: CommandIo = {
    cwd,
    env: { LOG_LEVEL: 'silent' },
    stdout: (t) => {
      out.push(t);
      if (t.includes('dev stack ready')) announce();
    },
    stderr: (t) => out.push(t),
    signal: stop.signal,
  };
  status = runCommand(devCommand, ['--port', '0', '--idp-port', '0', '--auth-mode', 'proxy', '--auto-sign-in', 'adele', '--no-env-file'], io, runDev);
  await Promise.race([ready, status.then((code) => Promise.reject(new Error(`npm run dev exited ${code}: ${out.join('')}`)))]);
  banner = out.join('');
  serverUrl = /MCP server\s+(http:\/\/localhost:\d+)\/mcp/.exec(banner)![1]!;
}, 180_000);
afterAll(async () => {
  await browser?.close();
  stop?.abort();
  expect(await status).toBe(EXIT.ok);
  await rm(cwd, { recursive: true, force: true });
});

/** The consent page, in Chromium: it names the client, and "Allow" leads (through the provider, no pages) to `redirectPrefix`. */
async function consentInBrowser(authorizationUrl: URL, redirectPrefix: string, clientName: string): Promise<URL> {
  const page = await browser.newPage();
  try {
    await page.goto(authorizationUrl.href);
    await page.getByRole('heading', { name: /Allow .* to use this MCP server\?/ }).waitFor();
    expect(await page.locator('#client-name').textContent()).toBe(clientName);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(redirectPrefix));
    return new URL(page.url());
  } finally {
    await page.close();
  }
}

/** An MCP SDK OAuth client keeping its state in memory, with a loopback redirect listener (RFC 8252 §7.3). */
async function sdkClient(name: string) {
  let callback!: Server;
  await new Promise<void>((resolve) => (callback = createServer((_req, res) => res.writeHead(200).end('signed in')).listen(0, '127.0.0.1', resolve)));
  const redirectUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  const state: { info?: OAuthClientInformationMixed; tokens?: OAuthTokens; verifier: string; url?: URL | undefined } = { verifier: '' };
  const provider: OAuthClientProvider = {
    redirectUrl,
    get clientMetadata(): OAuthClientMetadata {
      return { redirect_uris: [redirectUrl], client_name: name, grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
    },
    clientInformation: () => state.info,
    saveClientInformation: (info) => void (state.info = info),
    tokens: () => state.tokens,
    saveTokens: (tokens) => void (state.tokens = tokens),
    redirectToAuthorization: (url) => void (state.url = url),
    saveCodeVerifier: (v) => void (state.verifier = v),
    codeVerifier: () => state.verifier,
  };
  return { provider, state, redirectUrl, close: () => (callback.closeAllConnections(), callback.close()) };
}


describe('npm run dev -- --auth-mode proxy', () => {
  it('the banner says the server is the authorization server and what to run', () => {
    expect(banner).toContain(`${serverUrl}/.well-known/oauth-authorization-server`);
    expect(banner).toContain(`npx mcp-remote ${serverUrl}/mcp`);
    expect(banner).toContain("--auto-sign-in skips only the provider's pages");
  });

  it('--auth-mode with another value is a usage error naming the flag and its variable', async () => {
    const err: string[] = [];
    const io: CommandIo = { cwd, env: {}, stdout: () => undefined, stderr: (t) => err.push(t) };
    expect(await runCommand(devCommand, ['--auth-mode', 'proxied'], io, runDev)).toBe(EXIT.usage);
    expect(err.join('')).toContain('--auth-mode (or MCP_AUTH_MODE) must be direct or proxy, got "proxied"');
  });

  it('mcp-remote registers itself, the person consents in Chromium, and whoami answers through it', async () => {
    const remote = await startMcpRemote(mcpRemote, `${serverUrl}/mcp`, ['--host', 'localhost']);
    try {
      const authorizationUrl = await remote.authorizationUrl;
      expect(authorizationUrl.origin).toBe(serverUrl);
      expect(authorizationUrl.searchParams.get('resource')).toBe(`${serverUrl}/mcp`);
      const back = await consentInBrowser(authorizationUrl, `http://localhost:${remote.callbackPort}/oauth/callback`, 'MCP CLI Proxy');
      expect(back.searchParams.get('iss')).toBe(serverUrl);
      await remote.connected;
      const result = await remote.client.callTool({ name: 'whoami', arguments: {} });
      expect(result.structuredContent).toMatchObject({ name: 'Adele Vance', scopes: ['access_as_user'], kind: 'delegated', client_app_id: authorizationUrl.searchParams.get('client_id') });
    } finally {
      await remote.close();
    }
  }, 120_000);

  it('the MCP SDK client with its default OAuth (dynamic registration, resource sent) signs in and calls whoami', async () => {
    const { provider, state, redirectUrl, close } = await sdkClient('SDK default client');
    try {
      const mcp = new URL(`${serverUrl}/mcp`);
      expect(await auth(provider, { serverUrl: mcp })).toBe('REDIRECT');
      expect(state.url!.searchParams.get('resource')).toBe(mcp.href);
      const back = await consentInBrowser(state.url!, redirectUrl, 'SDK default client');
      expect(await auth(provider, { serverUrl: mcp, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
      const client = new Client({ name: 'sdk-default', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect(result.structuredContent).toMatchObject({ name: 'Adele Vance', client_app_id: state.info!.client_id });
      await client.close();
    } finally {
      close();
    }
  }, 60_000);

  it('consent remembered in Chromium (the box ticked): the next sign-in of that client in that browser shows no page', async () => {
    const { provider, state, redirectUrl, close } = await sdkClient('SDK remembering client');
    const context = await browser.newContext();
    try {
      const mcp = new URL(`${serverUrl}/mcp`);
      const page = await context.newPage();
      expect(await auth(provider, { serverUrl: mcp })).toBe('REDIRECT');
      await page.goto(state.url!.href);
      await page.getByRole('checkbox', { name: /Remember my choice/ }).check();
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUrl));

      state.url = undefined;
      expect(await auth(provider, { serverUrl: mcp })).toBe('REDIRECT'); // no tokens kept: a second sign-in
      const consentAnswers: number[] = [];
      page.on('response', (r) => void (new URL(r.url()).pathname.startsWith('/oauth/consent/') && consentAnswers.push(r.status())));
      await page.goto(state.url!.href);
      await page.waitForURL((url) => url.href.startsWith(redirectUrl));
      expect(new URL(page.url()).searchParams.get('code')).not.toBeNull();
      expect(consentAnswers).toEqual([303]); // straight on to the provider, no page shown
    } finally {
      await context.close();
      close();
    }
  }, 60_000);
});
