/**
 * Proxy mode mounted in the real server (`startServer`, what `npm start` runs) with
 * MCP_AUTH_MODE=proxy: the server is the authorization server its MCP clients see, and
 * Entra's own tokens are still accepted beside the server's.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config/load-config.ts';
import { startServer, type RunningServer } from '../../server/src/start-server.ts';
import { getTokenByDeviceCode } from '../../src/clients/get-token-by-device-code.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { UPSTREAM_SECRET } from './helpers/proxy-stack.ts';

let idp: RunningLocalIdp;
let server: RunningServer;
let direct: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  idp = await startLocalIdp({ clientSecret: UPSTREAM_SECRET, autoSignIn: 'megan', extraRedirectUris: [{ uri: 'http://localhost/oauth/callback', platform: 'web' }] });
  const env = { AZURE_TENANT_ID: idp.tenantId, AZURE_CLIENT_ID: idp.clientId, AZURE_AUTHORITY_HOST: idp.authorityHost, PORT: '0', LOG_LEVEL: 'info' };
  const logDestination = { write: (line: string) => void logs.push(line) };
  server = await startServer(loadConfig({ ...env, MCP_AUTH_MODE: 'proxy', MCP_PROXY_CLIENT_SECRET: UPSTREAM_SECRET }), { logDestination });
  direct = await startServer(loadConfig(env), { logDestination });
});
afterAll(async () => {
  await server?.close();
  await direct?.close();
  await idp?.close();
});

async function whoami(url: string, accessToken: string): Promise<Record<string, unknown>> {
  const client = new Client({ name: 'proxy-mode-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }));
  const result = await client.callTool({ name: 'whoami', arguments: {} });
  await client.close();
  return result.structuredContent as Record<string, unknown>;
}

async function signIn(): Promise<{ clientId: string; tokens: Record<string, unknown> }> {
  const mcp = `${server.publicUrl}/mcp`;
  const flow = await signInForCode(server.publicUrl, mcp);
  const answer = await token(server.publicUrl, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: mcp });
  expect(answer.status).toBe(200);
  return { clientId: flow.clientId, tokens: answer.body };
}

describe('MCP_AUTH_MODE=proxy in the running server', () => {
  it('names itself as the authorization server, with the scope it issues, in the metadata and the challenge', async () => {
    const prm = (await (await fetch(`${server.publicUrl}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(prm).toMatchObject({ resource: `${server.publicUrl}/mcp`, authorization_servers: [server.publicUrl], scopes_supported: ['access_as_user'] });
    const asm = (await (await fetch(`${server.publicUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(asm).toMatchObject({ issuer: server.publicUrl, registration_endpoint: `${server.publicUrl}/oauth/register`, code_challenge_methods_supported: ['S256'] });
    const challenge = (await fetch(`${server.publicUrl}/mcp`, { method: 'POST' })).headers.get('www-authenticate');
    expect(challenge).toContain('scope="access_as_user"');
  });

  it('a client that registered itself signs in through the consent page and calls whoami with the server\'s own token', async () => {
    const { clientId, tokens } = await signIn();
    expect(await whoami(`${server.publicUrl}/mcp`, String(tokens['access_token']))).toMatchObject({ name: 'Megan Bowen', client_app_id: clientId, scopes: ['access_as_user'], kind: 'delegated' });
  });

  it("accepts Entra's tokens directly, side by side (VS Code, npm run token)", async () => {
    const { tokens } = await getTokenByDeviceCode({ settings: { tenantId: idp.tenantId, apiClientId: idp.clientId, authorityHost: idp.authorityHost }, sleep: async () => undefined, onPrompt: () => undefined });
    expect(await whoami(`${server.publicUrl}/mcp`, tokens.accessToken)).toMatchObject({ name: 'Megan Bowen', tid: idp.tenantId });
  });

  it('reports a token whose sign-in was revoked (RFC 7009 sign-out) as revoked', async () => {
    const { clientId, tokens } = await signIn();
    const revoked = await fetch(`${server.publicUrl}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: String(tokens['refresh_token']), token_type_hint: 'refresh_token', client_id: clientId }) });
    expect(revoked.status).toBe(200);
    const refused = await fetch(`${server.publicUrl}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${String(tokens['access_token'])}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token", error_description="the sign-in behind this token was revoked/);
    expect(logs.join('')).toContain('"authError":"revoked"');
  });

  it('direct mode (the default) is unchanged: Entra is the authorization server and no /oauth routes exist', async () => {
    const prm = (await (await fetch(`${direct.publicUrl}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
    expect(prm['authorization_servers']).toEqual([idp.issuer]);
    expect((await fetch(`${direct.publicUrl}/.well-known/oauth-authorization-server`)).status).toBe(404);
    expect((await fetch(`${direct.publicUrl}/oauth/register`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
