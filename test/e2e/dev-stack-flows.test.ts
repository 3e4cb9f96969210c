import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMcpWithToken } from '../../src/clients/mcp-session.ts';
import { runDeviceCodeFlow } from '../../src/clients/device-code-flow.ts';
import { discoverAuthorizationServer } from '../../src/clients/discover-authorization-server.ts';
import { getTokenByDeviceCode } from '../../src/clients/get-token-by-device-code.ts';
import { signIn } from '../../src/clients/sign-in-flow.ts';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { VSCODE_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { followRedirects } from './helpers/follow-redirects.ts';
import { PreRegisteredClient } from './helpers/pre-registered-client.ts';

// VS Code's loopback redirect: the client information is VS Code's, with no dynamic registration.
const VSCODE_REDIRECT = 'http://127.0.0.1:33418/';

// The `npm run dev` stack on free ports, in automation mode (every sign-in is Adele, no pages).
let stack: DevStack;
// The device flow's polling interval is protocol, not synchronisation: a test clock skips it.
const noWait = async (): Promise<void> => undefined;

beforeAll(async () => {
  stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } });
});
afterAll(() => stack.close());

const settings = () => ({ tenantId: stack.tenantId, apiClientId: stack.clientId, authorityHost: stack.authorityHost, serverUrl: stack.serverUrl, clientSecret: undefined });

describe('npm run dev, end to end', () => {
  it('Device Code (npm run token): the server accepts the token and whoami names the user', async () => {
    const { tokens, scope } = await getTokenByDeviceCode({ settings: settings(), sleep: noWait, onPrompt: () => undefined });
    expect(scope).toBe(`api://${stack.clientId}/access_as_user`);
    const mcp = await callMcpWithToken(`${stack.serverUrl}/mcp`, tokens.accessToken);
    expect(mcp.tools).toContain('whoami');
    expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance', scopes: ['access_as_user'] });
  });

  it("the server refuses the provider's ID token, even one whose aud is the API's client id", async () => {
    // the app itself: its ID tokens carry aud = AZURE_CLIENT_ID
    const { config } = await discoverAuthorizationServer(stack.issuer, { clientId: stack.clientId });
    const tokens = await runDeviceCodeFlow({
      config,
      scope: `openid profile ${stack.clientId}/access_as_user`,
      sleep: noWait,
      onPrompt: () => undefined,
    });
    const call = (token: string) =>
      fetch(`${stack.serverUrl}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const refused = await call(tokens.idToken!);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await call(tokens.accessToken)).status).not.toBe(401);
  });

  it('sign-in (npm run sign-in): discovery from the 401, Auth Code + PKCE as a public client, then MCP', async () => {
    const phases: string[] = [];
    const result = await signIn({
      serverUrl: stack.serverUrl,
      clientId: stack.clientId,
      apiClientId: stack.clientId,
      callbackPort: 0,
      onPhase: (p) => phases.push(p.phase),
      openAuthorizationUrl: async (url) => {
        const sent = new URL(url);
        expect(sent.searchParams.has('resource')).toBe(false);
        expect(sent.searchParams.get('scope')).toContain(`${stack.clientId}/access_as_user`);
        // The callback listener answers on its own, so following the redirects here cannot deadlock.
        await followRedirects(url, (u) => u.pathname === '/callback');
      },
    });
    expect(phases).toEqual(['challenge', 'resource-metadata', 'authorization-server', 'authorize', 'token', 'mcp']);
    expect(result.claims).toMatchObject({ aud: stack.clientId, azp: stack.clientId, azpacr: '0', scp: 'access_as_user' });
    expect(JSON.parse(result.mcp.whoami!)).toMatchObject({ name: 'Adele Vance' });
  });
});

describe("the MCP SDK's own OAuth client against npm run dev", () => {
  const isRedirect = (u: URL) => u.origin === 'http://127.0.0.1:33418';

  it('completes sign-in with pre-registered client information when it omits resource', async () => {
    const provider = new PreRegisteredClient(VSCODE_CLIENT_ID, VSCODE_REDIRECT, true);
    const serverUrl = `${stack.serverUrl}/mcp`;
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    expect(provider.authorizationUrl!.searchParams.has('resource')).toBe(false);
    const back = await followRedirects(provider.authorizationUrl!.href, isRedirect, { requestLast: false });
    expect(await auth(provider, { serverUrl, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
    const mcp = await callMcpWithToken(serverUrl, provider.tokens()!.access_token);
    expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance', client_app_id: VSCODE_CLIENT_ID });
  });

  it('with its defaults (RFC 8707 resource sent) signs in: the MCP URL is an identifier URI of the local API', async () => {
    const provider = new PreRegisteredClient(VSCODE_CLIENT_ID, VSCODE_REDIRECT, false);
    const serverUrl = `${stack.serverUrl}/mcp`;
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    expect(provider.authorizationUrl!.searchParams.get('resource')).toBe(serverUrl);
    expect(provider.authorizationUrl!.searchParams.get('scope')).toContain(`${serverUrl}/access_as_user`);
    const back = await followRedirects(provider.authorizationUrl!.href, isRedirect, { requestLast: false });
    expect(await auth(provider, { serverUrl, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
    const mcp = await callMcpWithToken(serverUrl, provider.tokens()!.access_token);
    expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance', client_app_id: VSCODE_CLIENT_ID });
  });
});
