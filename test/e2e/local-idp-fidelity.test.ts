import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_CLI_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { followRedirects } from './helpers/follow-redirects.ts';

// Config delta for this file: a Web redirect and a secret, to see Entra's confidential-client answers.
const WEB_REDIRECT = 'http://localhost:8091/web';
const SECRET = 'local-test-secret';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let idp: RunningLocalIdp;
let metadata: Record<string, string>;
const form = (url: string, body: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(body) });

/** A device code approved at once (automation mode), redeemed for tokens. */
async function deviceTokens(clientId: string, scope: string): Promise<Record<string, string>> {
  const dc = (await (await form(metadata.device_authorization_endpoint!, { client_id: clientId, scope })).json()) as Record<string, string>;
  return (await (await form(metadata.token_endpoint!, { client_id: clientId, grant_type: DEVICE_GRANT, device_code: dc.device_code! })).json()) as Record<string, string>;
}

beforeAll(async () => {
  idp = await startLocalIdp({ autoSignIn: 'megan', clientSecret: SECRET, extraRedirectUris: [{ uri: WEB_REDIRECT, platform: 'web' }] });
  metadata = (await (await fetch(idp.discoveryUrl)).json()) as Record<string, string>;
});
afterAll(() => idp.close());

describe('the local provider looks like Entra v2.0', () => {
  it("serves the discovery document and keys at Entra's paths, with Entra's headers", async () => {
    const res = await fetch(`${idp.authorityHost}/${idp.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(res.headers.get('cache-control')).toBe('max-age=86400, private');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(metadata).toMatchObject({
      issuer: `${idp.authorityHost}/${idp.tenantId}/v2.0`,
      authorization_endpoint: `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/authorize`,
      token_endpoint: `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${idp.authorityHost}/${idp.tenantId}/oauth2/v2.0/devicecode`,
      jwks_uri: `${idp.authorityHost}/${idp.tenantId}/discovery/v2.0/keys`,
    });
    expect(metadata).not.toHaveProperty('code_challenge_methods_supported');
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', issuer: idp.issuer });
    expect(jwks.keys[0]!.kid).toMatch(/^[A-Za-z0-9_-]{27}$/);
  });

  it("answers /devicecode with Entra's fields", async () => {
    const body = (await (await form(metadata.device_authorization_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user` })).json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['user_code', 'device_code', 'verification_uri', 'expires_in', 'interval', 'message']);
    expect(body).toMatchObject({ verification_uri: `${idp.authorityHost}/devicelogin`, expires_in: 900, interval: 5 });
    expect(body.user_code).toMatch(/^[A-Z]{9}$/);
  });

  it('issues access tokens shaped like Entra v2 ones, verifiable through discovery and JWKS', async () => {
    const tokens = await deviceTokens(AZURE_CLI_CLIENT_ID, `api://${idp.clientId}/access_as_user`);
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: `api://${idp.clientId}/access_as_user` });
    expect(tokens.ext_expires_in).toBe(tokens.expires_in);
    expect(tokens).not.toHaveProperty('refresh_token');
    const header = decodeProtectedHeader(tokens.access_token!);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const { payload } = await jwtVerify(tokens.access_token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), { issuer: idp.issuer, audience: idp.clientId, typ: 'JWT' });
    expect(Object.keys(payload).sort()).toEqual(['aio', 'aud', 'azp', 'azpacr', 'exp', 'iat', 'iss', 'name', 'nbf', 'oid', 'preferred_username', 'rh', 'scp', 'sub', 'tid', 'uti', 'ver']);
    expect(payload).toMatchObject({ ver: '2.0', tid: idp.tenantId, scp: 'access_as_user', azp: AZURE_CLI_CLIENT_ID, azpacr: '0', name: 'Megan Bowen' });
    const lifetime = payload.exp! - payload.iat!;
    expect(lifetime).toBeGreaterThanOrEqual(3600);
    expect(lifetime).toBeLessThanOrEqual(5400);
  });

  it('issues ID tokens with the claims of an Entra v2 ID token (aud: the client)', async () => {
    const tokens = await deviceTokens(AZURE_CLI_CLIENT_ID, `openid profile api://${idp.clientId}/access_as_user`);
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), { issuer: idp.issuer, audience: AZURE_CLI_CLIENT_ID });
    expect(Object.keys(payload).sort()).toEqual(['aio', 'aud', 'exp', 'iat', 'iss', 'name', 'nbf', 'oid', 'preferred_username', 'rh', 'sub', 'tid', 'uti', 'ver']);
    expect(payload).not.toHaveProperty('scp');
  });

  it('issues a refresh token only with offline_access, and redeems it', async () => {
    const tokens = await deviceTokens(AZURE_CLI_CLIENT_ID, `api://${idp.clientId}/access_as_user offline_access`);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = (await (await form(metadata.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).json()) as Record<string, string>;
    expect(refreshed.access_token).toEqual(expect.any(String));
  });

  it("answers Entra's errors in Entra's JSON shape", async () => {
    const unknown = await form(metadata.token_endpoint!, { client_id: '11111111-1111-1111-1111-111111111111', grant_type: DEVICE_GRANT, device_code: 'x' });
    const body = (await unknown.json()) as Record<string, unknown>;
    expect(unknown.status).toBe(400);
    expect(Object.keys(body)).toEqual(['error', 'error_description', 'error_codes', 'timestamp', 'trace_id', 'correlation_id', 'error_uri']);
    expect(body).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(String(body.error_description)).toMatch(/^AADSTS700016: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s);

    const withResource = await form(metadata.device_authorization_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user`, resource: 'http://localhost:8000/mcp' });
    expect(await withResource.json()).toMatchObject({ error: 'invalid_target', error_codes: [9010010] });

    const badCode = await form(metadata.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: 'not-a-code' });
    expect(await badCode.json()).toMatchObject({ error: 'bad_verification_code', error_codes: [70018] });

    const pending = (await (await form(metadata.device_authorization_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user` })).json()) as Record<string, string>;
    const publicWithSecret = await form(metadata.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: pending.device_code!, client_secret: 'x' });
    expect(publicWithSecret.status).toBe(401);
    expect(await publicWithSecret.json()).toMatchObject({ error: 'invalid_client', error_codes: [700025] });
  });

  it('shows AADSTS50011 for an unregistered redirect and redirects AADSTS90009 for a self token in the api:// form', async () => {
    const authorize = new URL(metadata.authorization_endpoint!);
    authorize.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: 'http://localhost:8090/elsewhere', scope: `${idp.clientId}/access_as_user`, state: 's' }).toString();
    const page = await fetch(authorize);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('AADSTS50011');

    authorize.searchParams.set('redirect_uri', 'http://localhost:8090/callback');
    authorize.searchParams.set('scope', `api://${idp.clientId}/access_as_user`);
    const redirected = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(redirected.headers.get('location')!);
    expect(back.origin + back.pathname).toBe('http://localhost:8090/callback');
    expect(back.searchParams.get('state')).toBe('s');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS90009: /);
  });

  it('demands the secret for a code sent to a Web redirect: 7000218, 7000215, then azpacr 1', async () => {
    const authorize = new URL(metadata.authorization_endpoint!);
    authorize.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: WEB_REDIRECT, scope: `openid ${idp.clientId}/access_as_user` }).toString();
    const callback = await followRedirects(authorize.href, (u) => u.pathname === '/web', { requestLast: false });
    const code = callback.searchParams.get('code')!;
    const exchange = (extra: Record<string, string>) => form(metadata.token_endpoint!, { client_id: idp.clientId, grant_type: 'authorization_code', code, redirect_uri: WEB_REDIRECT, ...extra });
    expect(await (await exchange({})).json()).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    expect(await (await exchange({ client_secret: 'wrong' })).json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const tokens = (await (await exchange({ client_secret: SECRET })).json()) as Record<string, string>;
    const { payload } = await jwtVerify(tokens.access_token!, createRemoteJWKSet(new URL(metadata.jwks_uri!)), { issuer: idp.issuer, audience: idp.clientId });
    expect(payload).toMatchObject({ azp: idp.clientId, azpacr: '1' });
  });
});
