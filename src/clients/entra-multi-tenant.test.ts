import { generateKeyPair, SignJWT } from 'jose';
import * as oc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { entraIssuerMatches } from './entra-issuer.ts';
import { discoverAuthorizationServer } from './discover-authorization-server.ts';
import { getTokenByDeviceCode } from './get-token-by-device-code.ts';

// Entra's multi-tenant v2.0 document publishes a template issuer
// (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
const HOST = 'https://login.microsoftonline.com';
const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const API = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';
const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

function organizationsDocument(tenant: string, host = HOST) {
  const base = `${host}/${tenant}`;
  return {
    issuer: `${host}/{tenantid}/v2.0`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    token_endpoint: `${base}/oauth2/v2.0/token`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    cloud_instance_name: 'microsoftonline.com',
  };
}

/** A fake login.microsoftonline.com: the organizations document, a device code, and `token` answers. */
function fakeEntra(token: () => Promise<Record<string, unknown>>) {
  return (async (url: string | URL | Request) => {
    const u = String(url);
    if (u.endsWith('/.well-known/openid-configuration')) return Response.json(organizationsDocument('organizations'));
    if (u.endsWith('/devicecode')) return Response.json({ device_code: 'd', user_code: 'ABCDEFGHJ', verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 5 });
    if (u.endsWith('/token')) return Response.json(await token());
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
}

describe('entraIssuerMatches', () => {
  it("takes Entra's published issuer for multi-tenant, domain and upper-case GUID authorities", () => {
    expect(entraIssuerMatches(`${HOST}/organizations/v2.0`, `${HOST}/{tenantid}/v2.0`)).toBe(true);
    expect(entraIssuerMatches(`${HOST}/contoso.onmicrosoft.com/v2.0`, `${HOST}/${TID}/v2.0`)).toBe(true);
    expect(entraIssuerMatches(`${HOST}/${TID.toUpperCase()}/v2.0`, `${HOST}/${TID}/v2.0`)).toBe(true);
  });

  it('refuses another tenant or another host', () => {
    expect(entraIssuerMatches(`${HOST}/${TID}/v2.0`, `${HOST}/11111111-1111-1111-1111-111111111111/v2.0`)).toBe(false);
    expect(entraIssuerMatches(`${HOST}/organizations/v2.0`, 'https://evil.example/{tenantid}/v2.0')).toBe(false);
    expect(entraIssuerMatches(`${HOST}/organizations/v2.0`, `${HOST}/evil/v2.0`)).toBe(false);
  });
});

describe('clients against a multi-tenant Entra authority (AZURE_TENANT_ID=organizations)', () => {
  it('npm run token accepts the template issuer of the organizations document', async () => {
    const fetchImpl = fakeEntra(async () => ({ token_type: 'Bearer', access_token: 'at', expires_in: 3599 }));
    const settings = { tenantId: 'organizations', apiClientId: API, authorityHost: HOST, serverUrl: 'http://localhost:8000', clientSecret: undefined };
    const { tokens } = await getTokenByDeviceCode({ settings, fetch: fetchImpl, sleep: async () => undefined, onPrompt: () => undefined });
    expect(tokens.accessToken).toBe('at');
  });

  it('npm run sign-in discovers the organizations authority and checks the ID token against the filled template', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const idToken = (iss: string) =>
      new SignJWT({ tid: TID, nonce: 'n' }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'k' }).setIssuer(iss).setAudience(CLIENT).setSubject('s').setIssuedAt().setExpirationTime('1h').sign(privateKey);
    let issuer = `${HOST}/${TID}/v2.0`;
    const fetchImpl = fakeEntra(async () => ({ token_type: 'Bearer', access_token: 'at', expires_in: 3599, id_token: await idToken(issuer) }));
    const asked = `${HOST}/organizations/v2.0`;
    const { config } = await discoverAuthorizationServer(asked, { clientId: CLIENT, fetch: fetchImpl });
    const redeem = () =>
      oc.authorizationCodeGrant(config, new URL('http://localhost:8090/callback?code=c&state=s'), { pkceCodeVerifier: 'v'.repeat(43), expectedState: 's', expectedNonce: 'n', idTokenExpected: true });
    expect((await redeem()).access_token).toBe('at');
    issuer = `${HOST}/11111111-1111-1111-1111-111111111111/v2.0`; // iss naming another tenant than tid
    await expect(redeem()).rejects.toThrow();
  });

  it('on another cloud (openid-client knows the template on login.microsoftonline.com only), npm run token still works: it asks for no ID token', async () => {
    const host = 'https://login.microsoftonline.us';
    const settings = { tenantId: 'organizations', apiClientId: API, authorityHost: host };
    const fetchImpl = (async (url: string | URL | Request) =>
      String(url).endsWith('/.well-known/openid-configuration') ? Response.json(organizationsDocument('organizations', host)) : fakeEntra(async () => ({ token_type: 'Bearer', access_token: 'at', expires_in: 3599 }))(url)) as typeof fetch;
    const { tokens } = await getTokenByDeviceCode({ settings, fetch: fetchImpl, sleep: async () => undefined, onPrompt: () => undefined });
    expect(tokens.accessToken).toBe('at');
  });

  it("refuses a document naming another tenant, even on login.microsoftonline.com where openid-client lets any issuer through", async () => {
    const other = { ...organizationsDocument(TID), issuer: `${HOST}/11111111-1111-1111-1111-111111111111/v2.0` };
    const fetchImpl = (async () => Response.json(other)) as unknown as typeof fetch;
    await expect(discoverAuthorizationServer(`${HOST}/${TID}/v2.0`, { clientId: CLIENT, fetch: fetchImpl })).rejects.toMatchObject({ code: 'protocol' });
  });
});
