import { describe, expect, it } from 'vitest';
import { exchangeAcrToken } from './exchange-acr-token.ts';

const ACCESS_TOKEN = 'eyJ0eXAiOiJKV1Qi.entra-access-token.sig';

/** Answers like ACR's /oauth2/exchange and records what it was sent. */
function registry(status: number, body: unknown) {
  const requests: { url: string; method: string; form: URLSearchParams }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), method: init?.method ?? 'GET', form: new URLSearchParams(String(init?.body)) });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('exchangeAcrToken', () => {
  it('trades the Entra token for the registry refresh token, as az acr login does', async () => {
    const acr = registry(200, { refresh_token: 'acr-refresh-token' });
    const token = await exchangeAcrToken({ loginServer: 'entramcp0a.azurecr.io', tenantId: 'tenant-1', accessToken: ACCESS_TOKEN, fetch: acr.fetch });
    expect(token).toBe('acr-refresh-token');
    expect(acr.requests).toHaveLength(1);
    expect(acr.requests[0]?.url).toBe('https://entramcp0a.azurecr.io/oauth2/exchange');
    expect(acr.requests[0]?.method).toBe('POST');
    expect(Object.fromEntries(acr.requests[0]!.form)).toEqual({
      grant_type: 'access_token', service: 'entramcp0a.azurecr.io', tenant: 'tenant-1', access_token: ACCESS_TOKEN,
    });
  });

  it('names the URL and the status when refused, and never the token', async () => {
    const acr = registry(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
    const error = await exchangeAcrToken({ loginServer: 'r.azurecr.io', tenantId: 't', accessToken: ACCESS_TOKEN, fetch: acr.fetch }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^POST https:\/\/r\.azurecr\.io\/oauth2\/exchange answered 401: .*UNAUTHORIZED.*AcrPush/);
    expect((error as Error).message).not.toContain(ACCESS_TOKEN);
  });

  it('refuses an answer without a refresh token', async () => {
    const acr = registry(200, {});
    await expect(exchangeAcrToken({ loginServer: 'r.azurecr.io', tenantId: 't', accessToken: ACCESS_TOKEN, fetch: acr.fetch })).rejects.toThrow(/without a refresh_token/);
  });
});
