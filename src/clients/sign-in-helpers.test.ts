import { describe, expect, it } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { isEntraAuthorizationServer, isLoopbackHttp } from './authority.ts';
import { parseBearerChallenge } from './bearer-challenge.ts';
import { resolveClientSettings } from './client-settings.ts';
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
      'https://login.microsoftonline.com/.well-known/openid-configuration/t/v2.0',
    ]);
  });

  it('recognises Entra and allows plain http only on loopback', () => {
    expect(isEntraAuthorizationServer({ cloud_instance_name: 'microsoftonline.com' })).toBe(true);
    expect(isEntraAuthorizationServer({ authorization_endpoint: 'https://as.example/authorize' })).toBe(false);
    expect(isLoopbackHttp('http://127.0.0.1:8010/t/v2.0')).toBe(true);
    expect(isLoopbackHttp('http://login.example.com/t/v2.0')).toBe(false);
    expect(isLoopbackHttp('https://localhost/')).toBe(false);
  });

  it('signs in as a public client with the registration as it is, confidential only on a Web redirect', () => {
    expect(isConfidentialSignIn(ID, ID, 'http://localhost:8090/callback')).toBe(false);
    const web = { ...appRegistration, redirectUris: [{ uri: 'http://localhost:8090/callback', platform: 'web' as const, purpose: 'test' }] };
    expect(isConfidentialSignIn(ID, ID, 'http://localhost:8090/callback', web)).toBe(true);
    expect(isConfidentialSignIn('04b07795-8ddb-461a-bbee-02f9e1bf7b46', ID, 'http://localhost:8090/callback', web)).toBe(false);
  });

  it('reads .env, then the environment, then flags', () => {
    const s = resolveClientSettings({ AZURE_TENANT_ID: 'a', AZURE_CLIENT_ID: 'b' }, { AZURE_TENANT_ID: 'c' }, { AZURE_TENANT_ID: undefined, SECURE_SERVER_URL: 'http://x:1/' });
    expect(s).toMatchObject({ tenantId: 'c', apiClientId: 'b', authorityHost: 'https://login.microsoftonline.com', serverUrl: 'http://x:1' });
    expect(() => resolveClientSettings({}, {}, {})).toThrow(/AZURE_TENANT_ID is not set/);
  });

  it('takes the MCP URL as well as the server origin for SECURE_SERVER_URL / --server', () => {
    const base = { AZURE_TENANT_ID: 'a', AZURE_CLIENT_ID: 'b' };
    expect(resolveClientSettings(base, {}, { SECURE_SERVER_URL: 'http://localhost:8000/mcp' }).serverUrl).toBe('http://localhost:8000');
    expect(resolveClientSettings(base, {}, { SECURE_SERVER_URL: 'https://mcp.example.com/mcp/' }).serverUrl).toBe('https://mcp.example.com');
    expect(resolveClientSettings(base, {}, { SECURE_SERVER_URL: 'https://x.example/team/mcp' }).serverUrl).toBe('https://x.example/team');
  });
});
