import { describe, expect, it } from 'vitest';
import { AZURE_CLI_CLIENT_ID } from '../registration/app-registration.ts';
import { checkAuthorizeClient, checkTokenRequest, type TenantView } from './check-entra-request.ts';
import { EntraError } from './entra-error.ts';
import { localClients } from './local-clients.ts';
import { aadstsCodeOf } from './testing/aadsts-code-of.ts';

const API_ID = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';
const tenant: TenantView = {
  api: { clientId: API_ID, scopeValue: 'access_as_user', tenantId: 't' },
  clients: localClients(API_ID, undefined, [{ uri: 'http://localhost:8091/web', platform: 'web' }]),
  clientSecret: 'the-secret',
};

describe('checkAuthorizeClient', () => {
  it('answers AADSTS700016 for an unknown client and 50011 for an unregistered redirect', () => {
    expect(aadstsCodeOf(() => checkAuthorizeClient({ client_id: '11111111-1111-1111-1111-111111111111', redirect_uri: 'http://localhost:8090/callback' }, tenant))).toBe(700016);
    expect(aadstsCodeOf(() => checkAuthorizeClient({ client_id: API_ID, redirect_uri: 'http://localhost:8090/other' }, tenant))).toBe(50011);
  });

  it('matches a loopback redirect whatever its port, as Entra does', () => {
    expect(checkAuthorizeClient({ client_id: API_ID, redirect_uri: 'http://localhost:51234/callback' }, tenant).redirect.platform).toBe('publicClient');
  });
});

describe('checkTokenRequest', () => {
  const code = { client_id: API_ID, grant_type: 'authorization_code', code: 'x' };

  it('takes a public client without a secret (azpacr 0) and refuses one with a secret (700025)', () => {
    expect(checkTokenRequest({ ...code, redirect_uri: 'http://localhost:8090/callback' }, undefined, tenant).azpacr).toBe(0);
    expect(aadstsCodeOf(() => checkTokenRequest({ ...code, redirect_uri: 'http://localhost:8090/callback' }, 'the-secret', tenant))).toBe(700025);
    expect(aadstsCodeOf(() => checkTokenRequest({ client_id: AZURE_CLI_CLIENT_ID, grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'd' }, 's', tenant))).toBe(700025);
  });

  it('demands the secret for a code sent to a Web redirect: 7000218 without, 7000215 wrong, azpacr 1 right', () => {
    const web = { ...code, redirect_uri: 'http://localhost:8091/web' };
    expect(aadstsCodeOf(() => checkTokenRequest(web, undefined, tenant))).toBe(7000218);
    expect(aadstsCodeOf(() => checkTokenRequest(web, 'wrong', tenant))).toBe(7000215);
    expect(checkTokenRequest(web, 'the-secret', tenant).azpacr).toBe(1);
  });

  it('names a missing parameter with AADSTS900144, as Entra does', () => {
    const missing = (params: Record<string, string>): string | undefined => {
      try {
        checkTokenRequest(params, undefined, tenant);
      } catch (error) {
        if (error instanceof EntraError && error.code === 900144) return error.message;
        throw error;
      }
      return undefined;
    };
    expect(missing({ client_id: API_ID })).toMatch(/'grant_type'\.$/);
    expect(missing({ client_id: API_ID, grant_type: 'authorization_code', redirect_uri: 'http://localhost:8090/callback' })).toMatch(/'code'\.$/);
    expect(missing({ client_id: API_ID, grant_type: 'authorization_code', code: 'x' })).toMatch(/'redirect_uri'\.$/);
    expect(missing({ client_id: AZURE_CLI_CLIENT_ID, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' })).toMatch(/'device_code'\.$/);
    expect(missing({ client_id: AZURE_CLI_CLIENT_ID, grant_type: 'refresh_token' })).toMatch(/'refresh_token'\.$/);
  });

  it('refuses a resource that does not match (9010010)', () => {
    expect(aadstsCodeOf(() => checkTokenRequest({ ...code, redirect_uri: 'http://localhost:8090/callback', resource: 'http://localhost:8000/mcp' }, undefined, tenant))).toBe(9010010);
  });
});
