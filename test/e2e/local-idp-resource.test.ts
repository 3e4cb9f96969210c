/**
 * The resource that matches (issue 10): every spec-following MCP client sends RFC 8707
 * `resource` = the Protected Resource Metadata's `resource`, and Entra v2 refuses it unless it
 * is an identifier URI of the scope's app (AADSTS9010010). Against the local identity
 * provider, which enforces that rule as Entra does, with the MCP SDK's own OAuth client
 * (`auth()` with pre-registered client information and `resource` sent: what mcp-remote, the
 * Inspector and the SDK-based clients do) signing in as the "entra-mcp clients" registration
 * through mcp-remote's and the Inspector's callback path (`/oauth/callback`, any loopback port).
 */
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer, type RunningServer } from '../../server/src/index.ts';
import { callMcpWithToken } from '../../src/clients/mcp-session.ts';
import { startDevStack } from '../../src/local-idp/dev-stack.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { followRedirects } from './helpers/follow-redirects.ts';
import { PreRegisteredClient } from './helpers/pre-registered-client.ts';

/** mcp-remote's callback (port 3334 by default; Entra ignores a loopback port): registered on "entra-mcp clients". */
const CALLBACK = 'http://localhost:3334/oauth/callback';
const atCallback = (u: URL) => u.pathname === '/oauth/callback';

/** Signs in with `auth()` and returns where the authorization answer came back. */
async function authorize(provider: PreRegisteredClient, serverUrl: string): Promise<URL> {
  expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
  expect(provider.authorizationUrl?.searchParams.get('resource')).toBe(serverUrl);
  return followRedirects(provider.authorizationUrl!.href, atCallback, { requestLast: false });
}

async function signInAndCallWhoami(provider: PreRegisteredClient, serverUrl: string) {
  const back = await authorize(provider, serverUrl);
  expect(back.searchParams.get('error_description')).toBeNull();
  expect(await auth(provider, { serverUrl, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
  const token = provider.tokens()!.access_token;
  const mcp = await callMcpWithToken(serverUrl, token);
  return { claims: decodeJwt(token), whoami: JSON.parse(mcp.whoami!) as Record<string, unknown> };
}

describe('resource = the metadata resource, against the local identity provider', () => {
  let idp: RunningLocalIdp;
  const servers: RunningServer[] = [];
  const serve = async (resourceIsIdentifierUri: boolean) => {
    const env = { AZURE_TENANT_ID: idp.tenantId, AZURE_CLIENT_ID: idp.clientId, AZURE_AUTHORITY_HOST: idp.authorityHost, PORT: '0', LOG_LEVEL: 'silent', MCP_RESOURCE_IS_IDENTIFIER_URI: String(resourceIsIdentifierUri) };
    const server = await startServer(loadConfig(env));
    servers.push(server);
    return { server, mcpUrl: `${server.publicUrl}/mcp` };
  };
  beforeAll(async () => {
    idp = await startLocalIdp({ port: 0, autoSignIn: 'adele' });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await idp.close();
  });

  it('AADSTS9010010 before the MCP URL is an identifier URI; a token once it is added; api:// keeps working', async () => {
    const { mcpUrl } = await serve(false);
    const metadata = (await (await fetch(`${new URL(mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; scopes_supported: string[] };
    expect(metadata.scopes_supported).toEqual([`api://${idp.clientId}/access_as_user`]);

    const before = await authorize(new PreRegisteredClient(idp.clientsClientId, CALLBACK, false), mcpUrl);
    expect(before.searchParams.get('error')).toBe('invalid_target');
    expect(before.searchParams.get('error_description')).toMatch(/^AADSTS9010010: /);

    idp.addMcpResource(mcpUrl);
    expect(idp.identifierUris()).toEqual([`api://${idp.clientId}`, mcpUrl]);
    const after = await signInAndCallWhoami(new PreRegisteredClient(idp.clientsClientId, CALLBACK, false), mcpUrl);
    // Pre-authorized: no consent page was shown (followRedirects would have stopped on it).
    expect(after.claims).toMatchObject({ aud: idp.clientId, azp: idp.clientsClientId, scp: 'access_as_user', ver: '2.0' });
    expect(after.whoami).toMatchObject({ name: 'Adele Vance', client_app_id: idp.clientsClientId });
  });

  it('a server naming its scope under the resource: the client asks for ${resource}/access_as_user and gets a v2 token for the client id', async () => {
    const { mcpUrl } = await serve(true);
    idp.addMcpResource(mcpUrl);
    const metadata = (await (await fetch(`${new URL(mcpUrl).origin}/.well-known/oauth-protected-resource/mcp`)).json()) as { scopes_supported: string[] };
    expect(metadata.scopes_supported).toEqual([`${mcpUrl}/access_as_user`]);
    const challenge = (await fetch(mcpUrl, { method: 'POST' })).headers.get('www-authenticate');
    expect(challenge).toContain(`scope="${mcpUrl}/access_as_user"`);
    const provider = new PreRegisteredClient(idp.clientsClientId, CALLBACK, false);
    const { claims, whoami } = await signInAndCallWhoami(provider, mcpUrl);
    expect(provider.authorizationUrl?.searchParams.get('scope')).toContain(`${mcpUrl}/access_as_user`);
    expect(claims).toMatchObject({ aud: idp.clientId, scp: 'access_as_user' });
    expect(whoami).toMatchObject({ name: 'Adele Vance' });
  });

  it('a trailing slash on resource is a mismatch, as in Entra', async () => {
    const { mcpUrl } = await serve(false);
    idp.addMcpResource(mcpUrl);
    const provider = new PreRegisteredClient(idp.clientsClientId, CALLBACK, false);
    expect(await auth(provider, { serverUrl: mcpUrl })).toBe('REDIRECT');
    const url = new URL(provider.authorizationUrl!);
    url.searchParams.set('resource', `${mcpUrl}/`);
    const back = await followRedirects(url.href, atCallback, { requestLast: false });
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS9010010: /);
  });

  it('an unknown client callback path is refused (AADSTS50011): the clients registration carries only the known ones', async () => {
    const { mcpUrl } = await serve(false);
    const provider = new PreRegisteredClient(idp.clientsClientId, 'http://localhost:3334/not-a-known-callback', false);
    expect(await auth(provider, { serverUrl: mcpUrl })).toBe('REDIRECT');
    const page = await fetch(provider.authorizationUrl!, { redirect: 'manual' });
    expect(await page.text()).toContain('AADSTS50011');
  });
});

describe('npm run dev: the clients registration signs in with resource sent, under both loopback names', () => {
  it('MCP_CLIENTS_CLIENT_ID, the SDK client, resource = the metadata resource: whoami', async () => {
    const stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } });
    try {
      expect(stack.envFile.written).toBe(false);
      if (!stack.envFile.written) expect(stack.envFile.exports.MCP_CLIENTS_CLIENT_ID).toBe(stack.clientsClientId);
      for (const origin of [stack.serverUrl, stack.serverUrl.replace('localhost', '127.0.0.1')]) {
        const { claims, whoami } = await signInAndCallWhoami(new PreRegisteredClient(stack.clientsClientId, CALLBACK, false), `${origin}/mcp`);
        expect(claims).toMatchObject({ aud: stack.clientId, azp: stack.clientsClientId });
        expect(whoami).toMatchObject({ name: 'Adele Vance', client_app_id: stack.clientsClientId });
      }
    } finally {
      await stack.close();
    }
  });
});
