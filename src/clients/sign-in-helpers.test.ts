import { describe, expect, it } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { isEntraAuthorizationServer } from './entra-issuer.ts';
import { parseBearerChallenge } from './bearer-challenge.ts';
import { required, resolveClientSettings } from './client-settings.ts';
import { discoveryUrls } from './discover-authorization-server.ts';
import { scopeForClient } from './scope-for-client.ts';
import { isConfidentialSignIn } from './sign-in-flow.ts';

const ID = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';

describe('sign-in helpers', () => {
  it('parses the Bearer challenge of the server', () => {
    expect(parseBearerChallenge('Bearer resource_metadata="http://x/.well-known/oauth-protected-resource/mcp", scope="api://a/b", error="invalid_token", error_description="a, \\"quoted\\" text"')).toEqual({
      resource_metadata: 'http://x/.well-known/oauth-protected-resource/mcp',
      scope: 'api://a/b',
      error: 'invalid_token',
      error_description: 'a, "quoted" text',
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });

  it('uses the GUID scope form only when the client is the app itself (AADSTS90009)', () => {
    expect(scopeForClient(`api://${ID}/access_as_user`, ID)).toBe(`${ID}/access_as_user`);
    expect(scopeForClient(`api://${ID}/access_as_user`, '04b07795-8ddb-461a-bbee-02f9e1bf7b46')).toBe(`api://${ID}/access_as_user`);
  });

  it('looks for OpenID metadata first, then RFC 8414', () => {
    expect(discoveryUrls('https://login.microsoftonline.com/t/v2.0').map((d) => d.url)).toEqual([
      'https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration',
      'https://login.microsoftonline.com/.well-known/oauth-authorization-server/t/v2.0',
    ]);
  });

  it('recognises Entra', () => {
    expect(isEntraAuthorizationServer({ cloud_instance_name: 'microsoftonline.com' })).toBe(true);
    expect(isEntraAuthorizationServer({ authorization_endpoint: 'https://as.example/authorize' })).toBe(false);
  });

  it('signs in as a public client with the registration as it is, confidential only on a Web redirect', () => {
    expect(isConfidentialSignIn(ID, ID, 'http://localhost:8090/callback')).toBe(false);
    const web = { ...appRegistration, redirectUris: [{ uri: 'http://localhost:8090/callback', platform: 'web' as const, purpose: 'test' }] };
    expect(isConfidentialSignIn(ID, ID, 'http://localhost:8090/callback', web)).toBe(true);
    expect(isConfidentialSignIn('04b07795-8ddb-461a-bbee-02f9e1bf7b46', ID, 'http://localhost:8090/callback', web)).toBe(false);
  });

  it('reads .env, then the environment, then flags, and says where each value came from', () => {
    const s = resolveClientSettings({ AZURE_TENANT_ID: 'a', AZURE_CLIENT_ID: 'b' }, { AZURE_TENANT_ID: 'c' }, { AZURE_TENANT_ID: undefined, MCP_SERVER_URL: 'http://127.0.0.1:1/' });
    expect(s).toMatchObject({ tenantId: { value: 'c', from: 'AZURE_TENANT_ID in the environment' }, apiClientId: { value: 'b', from: 'AZURE_CLIENT_ID in .env' }, authorityHost: undefined, serverUrl: { value: 'http://127.0.0.1:1', from: '--server' } });
    expect(() => required(resolveClientSettings({}, {}, {}).tenantId, 'AZURE_TENANT_ID', '--tenant')).toThrow(/AZURE_TENANT_ID is not set/);
  });

  it('takes the MCP URL as well as the server origin for MCP_SERVER_URL / --server', () => {
    const server = (url: string) => resolveClientSettings({}, {}, { MCP_SERVER_URL: url }).serverUrl?.value;
    expect(server('http://localhost:8000/mcp')).toBe('http://localhost:8000');
    expect(server('https://mcp.example.com/mcp/')).toBe('https://mcp.example.com');
    expect(server('https://x.example/team/mcp')).toBe('https://x.example/team');
  });

  it('reads SECURE_SERVER_URL, the old name, only when MCP_SERVER_URL is unset, with a one-line note', () => {
    const old = resolveClientSettings({ SECURE_SERVER_URL: 'http://localhost:8001' }, {}, {});
    expect(old.serverUrl?.value).toBe('http://localhost:8001');
    expect(old.notes).toEqual([expect.stringMatching(/^note: SECURE_SERVER_URL in \.env is the old name of MCP_SERVER_URL; rename it/)]);
    const both = resolveClientSettings({ SECURE_SERVER_URL: 'http://localhost:8001' }, { MCP_SERVER_URL: 'http://localhost:8002' }, {});
    expect(both.serverUrl?.value).toBe('http://localhost:8002');
    expect(both.notes).toEqual([]);
  });

  it('refuses a server URL without a scheme, or plain http off loopback, naming the flag', () => {
    expect(() => resolveClientSettings({}, {}, { MCP_SERVER_URL: 'localhost:8000' })).toThrow(/^--server is "localhost:8000", which is not a URL with a scheme$/);
    expect(() => resolveClientSettings({ MCP_SERVER_URL: 'http://mcp.example.com' }, {}, {})).toThrow(/^MCP_SERVER_URL in \.env is "http:\/\/mcp.example.com", which is not https/);
  });
});
