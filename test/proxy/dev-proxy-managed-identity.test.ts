/**
 * Proxy mode without a client secret, end to end and with no Azure: the dev stack's default
 * (`npm run dev -- --auth-mode proxy`) has the provider host a managed identity endpoint in
 * Container Apps' shape and trust that identity through a federated credential on the app,
 * and the server redeems the provider's codes with the identity's token as client assertion.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../server/src/index.ts';
import { appRegistration } from '../../src/registration/app-registration.ts';
import { managedIdentityFederatedCredential } from '../../src/registration/proxy-mode-registration.ts';
import { proxyCredentialSetting } from '../../src/local-idp/dev-command.ts';
import { devServerEnv, startDevStack } from '../../src/local-idp/dev-stack.ts';
import { startLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { CookieBrowser } from './helpers/cookie-browser.ts';
import { approve, authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, registerNative, signInForCode, token } from './helpers/proxy-flow.ts';

const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe('proxy mode with a managed identity instead of a client secret', () => {
  it('the dev stack signs a client in (the provider holds no secret) and the client calls whoami', async () => {
    const stack = await startDevStack({ authMode: 'proxy', autoSignIn: 'adele', idpPort: 0, serverPort: 0, env: { LOG_LEVEL: 'silent' } });
    closers.push(() => stack.close());
    expect(stack.proxyCredential).toBe('managedIdentity');
    const origin = new URL(stack.serverUrl).origin;
    const mcpResource = `${origin}/mcp`;
    const { clientId, verifier, code } = await signInForCode(origin, mcpResource);
    const answer = await token(origin, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: mcpResource });
    expect(answer.status).toBe(200);
    const client = new Client({ name: 'mi-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(mcpResource), { requestInit: { headers: { authorization: `Bearer ${String(answer.body['access_token'])}` } } }));
    const whoami = await client.callTool({ name: 'whoami', arguments: {} });
    expect(whoami.structuredContent).toMatchObject({ name: 'Adele Vance', tid: stack.tenantId, client_app_id: clientId, scopes: ['access_as_user'] });
    await client.close();
  });

  it('--proxy-credential secret keeps the client secret; the flag takes only managed-identity or secret', async () => {
    expect(proxyCredentialSetting(undefined)).toBe('managedIdentity');
    expect(proxyCredentialSetting('secret')).toBe('secret');
    expect(() => proxyCredentialSetting('certificate')).toThrow('--proxy-credential must be managed-identity or secret, got "certificate"');
    const stack = await startDevStack({ authMode: 'proxy', proxyCredential: 'secret', autoSignIn: 'adele', idpPort: 0, serverPort: 0, env: { LOG_LEVEL: 'silent' } });
    closers.push(() => stack.close());
    const origin = new URL(stack.serverUrl).origin;
    const { clientId, verifier, code } = await signInForCode(origin, `${origin}/mcp`);
    const answer = await token(origin, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: `${origin}/mcp` });
    expect(answer.status).toBe(200);
  });

  it('a federated credential naming another principal: the sign-in ends at once with access_denied, and the log says AADSTS70021', async () => {
    const identity = { clientId: '5a4c0de1-1f7e-4c2a-9d3b-6f0e1a2b3c4d', principalId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };
    const idp = await startLocalIdp({
      autoSignIn: 'adele',
      extraRedirectUris: [{ uri: 'http://localhost/oauth/callback', platform: 'web' }],
      managedIdentities: [identity],
      federatedCredentials: (tenant) => [managedIdentityFederatedCredential({ ...tenant, principalId: '99999999-8888-4777-8666-555555555555' })],
    });
    closers.push(() => idp.close());
    const logs: string[] = [];
    const env = {
      ...devServerEnv({ LOG_LEVEL: 'warn' }, idp, 0, appRegistration),
      MCP_AUTH_MODE: 'proxy',
      AZURE_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
      IDENTITY_ENDPOINT: idp.managedIdentityEndpoint.endpoint,
      IDENTITY_HEADER: idp.managedIdentityEndpoint.header,
    };
    const server = await startServer(loadConfig(env), { logDestination: { write: (line: string) => void logs.push(line) } });
    closers.push(() => server.close());
    const origin = server.publicUrl;

    const clientId = await registerNative(origin);
    const browser = new CookieBrowser();
    const page = await openConsent(browser, authorizeUrl(origin, { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: pkce().challenge, code_challenge_method: 'S256', resource: `${origin}/mcp`, scope: 'access_as_user' }));
    const back = await approve(browser, page);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBe('the sign-in at Microsoft Entra did not succeed');
    expect(back.searchParams.get('code')).toBeNull();
    const reason = logs.map((l) => JSON.parse(l) as { msg?: string }).find((l) => l.msg?.includes('code redemption'))?.msg;
    expect(reason).toContain('invalid_request (AADSTS70021: No matching federated identity record found for presented assertion.');
    expect(reason).toContain(`Assertion Subject: '${identity.principalId}'`);
  });
});
