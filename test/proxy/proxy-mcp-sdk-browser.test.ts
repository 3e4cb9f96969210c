import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';

// Debian's Chromium; never a downloaded browser.

/** The MCP SDK client's OAuth state, in memory: what an MCP client with the SDK's defaults keeps. */
class MemoryOAuthClient implements OAuthClientProvider {
  readonly redirectUrl: string;
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;
  constructor(redirectUrl: string) {
    this.redirectUrl = redirectUrl;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { redirect_uris: [this.redirectUrl], client_name: 'SDK <b>test</b> client', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

let stack: ProxyStack;
let browser: Browser;
let callbackServer: Server;
let callbackUrl: string;

beforeAll(async () => {
  stack = await startProxyStack();
  browser = await launchChromium();
  // The MCP client's loopback redirect listener (RFC 8252 §7.3).
  callbackServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p id="result">Signed in; you can close this tab.</p>'));
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
});
afterAll(async () => {
  await browser?.close();
  callbackServer?.closeAllConnections();
  callbackServer?.close();
  await stack?.close();
});

describe('the MCP SDK client with its default OAuth behaviour, in headless Chromium', () => {
  it('registers dynamically, sends resource, consents on the page, signs in, calls /mcp and refreshes', async () => {
    const client = new MemoryOAuthClient(callbackUrl);
    expect(await auth(client, { serverUrl: stack.mcpResource })).toBe('REDIRECT');
    const authorizationUrl = client.authorizationUrl!;
    expect(authorizationUrl.searchParams.get('resource')).toBe(stack.mcpResource);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const clientId = client.info!.client_id;

    const page = await browser.newPage();
    await page.goto(authorizationUrl.href);
    await page.getByRole('heading', { name: /Allow .* to use this MCP server\?/ }).waitFor();
    // The client's name is shown as text, never as markup.
    expect(await page.locator('#client-name').textContent()).toBe('SDK <b>test</b> client');
    expect(await page.locator('#client-name b').count()).toBe(0);
    expect(await page.locator('#redirect-host').textContent()).toBe(new URL(callbackUrl).host);
    await page.screenshot({ path: `${process.env.PROXY_SCREENSHOT_DIR ?? '/tmp'}/proxy-consent.png` });
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.href.startsWith(callbackUrl));
    const back = new URL(page.url());
    expect(back.searchParams.get('iss')).toBe(stack.origin);
    await page.close();

    expect(await auth(client, { serverUrl: stack.mcpResource, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
    const first = client.saved!;
    const whoami = await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toMatchObject({ name: 'Megan Bowen', clientAppId: clientId });

    // With a refresh token held, the SDK refreshes instead of redirecting; the proxy rotates it.
    expect(await auth(client, { serverUrl: stack.mcpResource })).toBe('AUTHORIZED');
    expect(client.saved!.refresh_token).toBeDefined();
    expect(client.saved!.refresh_token).not.toBe(first.refresh_token);
    expect((await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${client.saved!.access_token}` } })).status).toBe(200);
    expect(stack.errors).toEqual([]);
  });
});
