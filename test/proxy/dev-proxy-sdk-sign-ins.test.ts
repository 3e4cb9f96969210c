/**
 * The MCP SDK client signing in against the dev stack in proxy mode, headless Chromium
 * clicking "Allow": with a Client ID Metadata Document (its `clientMetadataUrl`), served
 * over https from 127.0.0.1 with a certificate made for this run, which the stack's proxy
 * trusts through the exemption `startDevStack` passes in code; and at
 * `http://127.0.0.1:PORT/mcp` instead of `localhost`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { startDocumentHost, type DocumentHost } from './helpers/https-document-host.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';


let browser: Browser;
let host: DocumentHost;
let stack: DevStack;
let callback: Server;
let redirectUrl: string;

beforeAll(async () => {
  host = await startDocumentHost();
  [browser, stack] = await Promise.all([
    launchChromium(),
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

/** An MCP SDK OAuth client keeping its state in memory; `clientMetadataUrl` set makes it use a document. */
function sdkProvider(clientName: string, clientMetadataUrl?: string) {
  const state: { info?: OAuthClientInformationMixed; tokens?: OAuthTokens; verifier: string; url?: URL } = { verifier: '' };
  const provider: OAuthClientProvider = {
    redirectUrl,
    ...(clientMetadataUrl === undefined ? {} : { clientMetadataUrl }),
    clientMetadata: { redirect_uris: [redirectUrl], client_name: clientName, token_endpoint_auth_method: 'none' },
    clientInformation: () => state.info,
    saveClientInformation: (info) => void (state.info = info),
    tokens: () => state.tokens,
    saveTokens: (tokens) => void (state.tokens = tokens),
    redirectToAuthorization: (url) => void (state.url = url),
    saveCodeVerifier: (v) => void (state.verifier = v),
    codeVerifier: () => state.verifier,
  };
  return { provider, state };
}

/** The consent page in Chromium names `clientName`; "Allow" leads back to the redirect URI with a code. */
async function consent(authorizationUrl: URL, clientName: string): Promise<string> {
  const page = await browser.newPage();
  try {
    await page.goto(authorizationUrl.href);
    await page.getByRole('heading', { name: /Allow .* to use this MCP server\?/ }).waitFor();
    expect(await page.locator('#client-name').textContent()).toBe(clientName);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(redirectUrl));
    return new URL(page.url()).searchParams.get('code')!;
  } finally {
    await page.close();
  }
}

async function whoami(mcp: URL, provider: OAuthClientProvider): Promise<unknown> {
  const client = new Client({ name: 'sdk-sign-in', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
  try {
    return (await client.callTool({ name: 'whoami', arguments: {} })).structuredContent;
  } finally {
    await client.close();
  }
}

describe('npm run dev -- --auth-mode proxy, the MCP SDK client', () => {
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
    // clientMetadata is sent only by a dynamic registration, which must not happen: its other name would show.
    const { provider, state } = sdkProvider('Registered Instead', clientMetadataUrl);
    const called: string[] = [];
    const fetchFn: typeof fetch = (input, init) => {
      called.push(new URL(input instanceof Request ? input.url : input).pathname);
      return fetch(input, init);
    };
    const mcp = new URL(`${stack.serverUrl}/mcp`);

    expect(await auth(provider, { serverUrl: mcp, fetchFn })).toBe('REDIRECT');
    expect(state.url!.searchParams.get('client_id')).toBe(clientMetadataUrl);
    const code = await consent(state.url!, 'Document-Named SDK Client');
    expect(await auth(provider, { serverUrl: mcp, authorizationCode: code, fetchFn })).toBe('AUTHORIZED');
    expect(host.requests).toContain('/mcp-client/metadata.json');
    expect(called).toContain('/oauth/token');
    expect(called).not.toContain('/oauth/register');

    expect(await whoami(mcp, provider)).toMatchObject({ name: 'Adele Vance', kind: 'delegated', client_app_id: clientMetadataUrl });
  }, 90_000);

  it('at http://127.0.0.1:PORT/mcp (dynamic registration): the resource it asks for is the one it called, its token is for that name, and whoami answers', async () => {
    const mcp = new URL(`${stack.serverUrl.replace('localhost', '127.0.0.1')}/mcp`);
    expect(mcp.hostname).toBe('127.0.0.1');
    const { provider, state } = sdkProvider('SDK on 127.0.0.1');
    expect(await auth(provider, { serverUrl: mcp })).toBe('REDIRECT');
    expect(state.url!.searchParams.get('resource')).toBe(mcp.href);
    const code = await consent(state.url!, 'SDK on 127.0.0.1');
    expect(await auth(provider, { serverUrl: mcp, authorizationCode: code })).toBe('AUTHORIZED');
    const claims = JSON.parse(Buffer.from(state.tokens!.access_token.split('.')[1]!, 'base64url').toString()) as { aud: string };
    expect(claims.aud).toBe(mcp.href);
    expect(await whoami(mcp, provider)).toMatchObject({ name: 'Adele Vance', client_app_id: state.info!.client_id });
  }, 90_000);
});
