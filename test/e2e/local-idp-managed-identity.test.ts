/**
 * The local tenant's workload identity federation: a managed identity endpoint in Container
 * Apps' shape, and the token endpoint taking that identity's token as the app's credential
 * when a federated credential on the app trusts it, as Entra does.
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedIdentityFederatedCredential } from '../../src/registration/proxy-mode-registration.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { followRedirects } from './helpers/follow-redirects.ts';

const CALLBACK = 'http://localhost:8000/oauth/callback';
const TRUSTED = { clientId: '5a4c0de1-1f7e-4c2a-9d3b-6f0e1a2b3c4d', principalId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };
const UNTRUSTED = { clientId: '6b5d1ef2-2a8f-4d3b-8e4c-7a1f2b3c4d5e', principalId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };
const AUDIENCE = 'api://AzureADTokenExchange';

let idp: RunningLocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({
    autoSignIn: 'adele',
    extraRedirectUris: [{ uri: 'http://localhost/oauth/callback', platform: 'web' }],
    managedIdentities: [TRUSTED, UNTRUSTED],
    federatedCredentials: (tenant) => [managedIdentityFederatedCredential({ ...tenant, principalId: TRUSTED.principalId })],
  });
});
afterAll(() => idp?.close());

const miToken = (clientId: string, header = idp.managedIdentityEndpoint.header, resource = AUDIENCE) => {
  const url = new URL(idp.managedIdentityEndpoint.endpoint);
  url.search = new URLSearchParams({ 'api-version': '2019-08-01', resource, client_id: clientId }).toString();
  return fetch(url, { headers: { 'X-IDENTITY-HEADER': header } });
};

async function codeForTheApp(): Promise<string> {
  const url = new URL(`${idp.issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({ client_id: idp.clientId, response_type: 'code', redirect_uri: CALLBACK, scope: `${idp.clientId}/access_as_user offline_access`, state: 's' }).toString();
  const back = await followRedirects(url.href, (u) => u.pathname === '/oauth/callback', { requestLast: false });
  return back.searchParams.get('code')!;
}

const redeem = async (code: string, credential: Record<string, string>) => {
  const response = await fetch(`${idp.issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: idp.clientId, grant_type: 'authorization_code', code, redirect_uri: CALLBACK, ...credential }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const assertion = (token: string) => ({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: token });

describe('the local managed identity endpoint (Container Apps shape)', () => {
  it('issues a token the tenant signs: sub the principal id, aud the requested audience, expires_on in epoch seconds', async () => {
    const response = await miToken(TRUSTED.clientId.toUpperCase());
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ resource: AUDIENCE, token_type: 'Bearer', client_id: TRUSTED.clientId });
    const { payload } = await jwtVerify(body.access_token!, createRemoteJWKSet(new URL(`${idp.authorityHost}/${idp.tenantId}/discovery/v2.0/keys`)), { issuer: idp.issuer, audience: AUDIENCE });
    expect(payload).toMatchObject({ sub: TRUSTED.principalId, oid: TRUSTED.principalId, tid: idp.tenantId });
    expect(Number(body.expires_on)).toBe(payload.exp);
  });

  it('refuses a wrong header (401) and an identity the host does not have (400)', async () => {
    expect((await miToken(TRUSTED.clientId, 'wrong')).status).toBe(401);
    const unknown = await miToken('7c6e2f03-3b9a-4e4c-9f5d-8b2a3c4d5e6f');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toContain('No User Assigned or Delegated Managed Identity found');
  });
});

describe('the token endpoint takes the managed identity token as the app\'s credential', () => {
  it('the trusted identity\'s token redeems the code; the access token says a client assertion was used (azpacr 2)', async () => {
    const token = ((await (await miToken(TRUSTED.clientId)).json()) as { access_token: string }).access_token;
    const answer = await redeem(await codeForTheApp(), assertion(token));
    expect(answer.status).toBe(200);
    expect(decodeJwt(String(answer.body.access_token))).toMatchObject({ azp: idp.clientId, azpacr: '2' });
    expect(typeof answer.body.refresh_token).toBe('string');
    // The refresh is a confidential request too: the assertion works there.
    const refreshed = await fetch(`${idp.issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: idp.clientId, grant_type: 'refresh_token', refresh_token: String(answer.body.refresh_token), ...assertion(token) }),
    });
    expect(refreshed.status).toBe(200);
  });

  it('another identity\'s token (no federated credential names its principal): AADSTS70021', async () => {
    const token = ((await (await miToken(UNTRUSTED.clientId)).json()) as { access_token: string }).access_token;
    const answer = await redeem(await codeForTheApp(), assertion(token));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request', error_codes: [70021] });
    expect(String(answer.body.error_description)).toContain(`Assertion Subject: '${UNTRUSTED.principalId}'`);
  });

  it('the trusted identity\'s token for another audience: AADSTS70021', async () => {
    const token = ((await (await miToken(TRUSTED.clientId, undefined, 'https://management.azure.com/')).json()) as { access_token: string }).access_token;
    expect((await redeem(await codeForTheApp(), assertion(token))).body).toMatchObject({ error_codes: [70021] });
  });
});
