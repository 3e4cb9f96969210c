/**
 * The local identity provider's other endpoints, answered as Entra answers them: unknown
 * tenants, logout, and the cache headers and errors of the token and device code endpoints.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AZURE_CLI_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';

const REDIRECT = 'http://localhost:8090/callback';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let idp: RunningLocalIdp;
let metadata: Record<string, string>;
const form = (url: string, body: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(body) });

beforeAll(async () => {
  idp = await startLocalIdp({ autoSignIn: 'adele' });
  metadata = (await (await fetch(idp.discoveryUrl)).json()) as Record<string, string>;
});
afterAll(() => idp.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('tenants', () => {
  it('answers another tenant id or domain with AADSTS90002, as Entra does', async () => {
    for (const tenant of ['11111111-2222-3333-4444-555555555555', 'contoso.onmicrosoft.com']) {
      const res = await fetch(`${idp.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    }
  });
});

describe('logout', () => {
  it('takes a post_logout_redirect_uri registered as a redirect URI, as Entra does', async () => {
    const url = new URL(metadata.end_session_endpoint!);
    url.search = new URLSearchParams({ client_id: idp.clientId, post_logout_redirect_uri: REDIRECT }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/oauth2/v2.0/logout/confirm');
    url.searchParams.set('post_logout_redirect_uri', 'http://localhost:8090/elsewhere');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
  });
});

describe('token and device code responses', () => {
  it("carry Entra's no-cache headers, on answers and on errors", async () => {
    const dc = await form(metadata.device_authorization_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idp.clientId}/access_as_user` });
    const { device_code } = (await dc.clone().json()) as Record<string, string>;
    const token = await form(metadata.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: device_code! });
    const error = await form(metadata.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: 'nope' });
    for (const res of [dc, token, error]) {
      expect(res.headers.get('cache-control')).toBe('no-store, no-cache');
      expect(res.headers.get('pragma')).toBe('no-cache');
    }
  });

  it('answers a GET with AADSTS900561, a 400, as Entra does', async () => {
    for (const endpoint of [metadata.token_endpoint!, metadata.device_authorization_endpoint!]) {
      const res = await fetch(endpoint);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_request', error_codes: [900561] });
    }
  });

  it('answers a device code past its 900 s with expired_token (AADSTS70019)', async () => {
    const idle = await startLocalIdp({});
    try {
      const md = (await (await fetch(idle.discoveryUrl)).json()) as Record<string, string>;
      const dc = (await (await form(md.device_authorization_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, scope: `api://${idle.clientId}/access_as_user` })).json()) as Record<string, string>;
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 901_000);
      const poll = await form(md.token_endpoint!, { client_id: AZURE_CLI_CLIENT_ID, grant_type: DEVICE_GRANT, device_code: dc.device_code! });
      expect(await poll.json()).toMatchObject({ error: 'expired_token', error_codes: [70019] });
    } finally {
      vi.useRealTimers();
      await idle.close();
    }
  });
});
