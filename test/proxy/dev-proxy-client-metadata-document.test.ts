/**
 * The MCP SDK client signing in with a Client ID Metadata Document (its `clientMetadataUrl`)
 * against the dev stack in proxy mode: the document is served over https from 127.0.0.1
 * with a certificate made for this run, which the stack's proxy trusts through the
 * exemption `startDevStack` passes in code. Headless Chromium clicks "Allow".
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { startDocumentHost, type DocumentHost } from './helpers/https-document-host.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

let browser: Browser;
let host: DocumentHost;
let stack: DevStack;
let callback: Server;
let redirectUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM} (apt-get install chromium), or CHROMIUM_PATH`);
  host = await startDocumentHost();
  [browser, stack] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, args: ARGS }),
    startDevStack({ idpPort: 0, serverPort: 0, authMode: 'proxy', autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' }, loopbackMetadataDocuments: { ca: host.ca } }),
  ]);
  await new Promise<void>((resolve) => (callback = createServer((_req, res) => res.writeHead(200).end('signed in')).listen(0, '127.0.0.1', resolve)));
  redirectUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
}, 120_000);
afterAll(async () => {
  callback?.closeAllConnections();
  callback?.close();
  await Promise.all([browser?.close(), stack?.close(), host?.close()]);
});

describe('npm run dev -- --auth-mode proxy, with a Client ID Metadata Document', () => {
  it('the MCP SDK client with clientMetadataUrl signs in without registering, the consent page names the client from the document, and whoami answers', async () => {
    const clientMetadataUrl = `${host.origin}/mcp-client/metadata.json`;
    host.serve('/mcp-client/metadata.json', {
      client_id: clientMetadataUrl,
      client_name: 'Document-Named SDK Client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const state: { info?: OAuthClientInformationMixed; tokens?: OAuthTokens; verifier: string; url?: URL } = { verifier: '' };
    const provider: OAuthClientProvider = {
      redirectUrl,
      clientMetadataUrl,
      // Sent only by a dynamic registration, which must not happen: another name would show if it did.
      clientMetadata: { redirect_uris: [redirectUrl], client_name: 'Registered Instead', token_endpoint_auth_method: 'none' },
      clientInformation: () => state.info,
      saveClientInformation: (info) => void (state.info = info),
      tokens: () => state.tokens,
      saveTokens: (tokens) => void (state.tokens = tokens),
      redirectToAuthorization: (url) => void (state.url = url),
      saveCodeVerifier: (v) => void (state.verifier = v),
      codeVerifier: () => state.verifier,
    };
    const called: string[] = [];
    const fetchFn: typeof fetch = (input, init) => {
      called.push(new URL(input instanceof Request ? input.url : input).pathname);
      return fetch(input, init);
    };
    const mcp = new URL(`${stack.serverUrl}/mcp`);

    expect(await auth(provider, { serverUrl: mcp, fetchFn })).toBe('REDIRECT');
    expect(state.url!.searchParams.get('client_id')).toBe(clientMetadataUrl);
    const page = await browser.newPage();
    try {
      await page.goto(state.url!.href);
      await page.getByRole('heading', { name: /Allow .* to use this MCP server\?/ }).waitFor();
      expect(await page.locator('#client-name').textContent()).toBe('Document-Named SDK Client');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((url) => url.href.startsWith(redirectUrl));
      const code = new URL(page.url()).searchParams.get('code');
      expect(await auth(provider, { serverUrl: mcp, authorizationCode: code!, fetchFn })).toBe('AUTHORIZED');
    } finally {
      await page.close();
    }
    expect(host.requests).toContain('/mcp-client/metadata.json');
    expect(called).toContain('/oauth/token');
    expect(called).not.toContain('/oauth/register');

    const client = new Client({ name: 'sdk-cimd', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    try {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      expect(result.structuredContent).toMatchObject({ name: 'Adele Vance', kind: 'delegated', client_app_id: clientMetadataUrl });
    } finally {
      await client.close();
    }
  }, 90_000);
});
