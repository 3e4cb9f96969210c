import * as oc from 'openid-client';
import { describe, expect, it } from 'vitest';
import { ClientError, OAuthError } from './client-errors.ts';
import { runDeviceCodeFlow, type DevicePrompt } from './device-code-flow.ts';

/** A fake token server: answers the device code request, then each poll from `polls` in turn. */
function fakeServer(polls: Record<string, unknown>[], start: Record<string, unknown> = {}) {
  const seen: string[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push(`${String(url)} ${String(init?.body)}`);
    const body = String(url).endsWith('/devicecode') ? { device_code: 'dc', user_code: 'ABCDEFGHJ', verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 5, message: 'To sign in...', ...start } : polls.shift();
    const status = body !== undefined && 'error' in body ? 400 : 200;
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }) as typeof fetch;
  return { fetchImpl, seen };
}

/** A clock that only moves when the flow sleeps, so no test waits for real. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return { now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; }, sleeps };
}

const pending = { error: 'authorization_pending', error_description: 'AADSTS70016: pending', error_codes: [70016] };
const endpoints = { device: 'https://login/t/oauth2/v2.0/devicecode', token: 'https://login/t/oauth2/v2.0/token' };

/** The flow's options against a fake server, as openid-client's configuration for it. */
function against(fetchImpl: typeof fetch) {
  const config = new oc.Configuration({ issuer: 'https://login/t/v2.0', device_authorization_endpoint: endpoints.device, token_endpoint: endpoints.token }, 'c');
  config[oc.customFetch] = (url, init) => fetchImpl(url, init as RequestInit);
  return { config, scope: 's' };
}

describe('runDeviceCodeFlow', () => {
  it('shows the code, polls at the interval, backs off 5 s on slow_down, and returns the token', async () => {
    const { fetchImpl, seen } = fakeServer([pending, { error: 'slow_down' }, pending, { access_token: 'at', expires_in: 3599, token_type: 'Bearer' }]);
    const time = fakeTime();
    let prompt: DevicePrompt | undefined;
    const tokens = await runDeviceCodeFlow({ ...against(fetchImpl), ...time, onPrompt: (p) => (prompt = p) });
    expect(prompt).toMatchObject({ userCode: 'ABCDEFGHJ', interval: 5, message: 'To sign in...' });
    expect(time.sleeps).toEqual([5000, 5000, 10000, 10000]);
    expect(tokens).toMatchObject({ accessToken: 'at', expiresIn: 3599, refreshToken: undefined });
    expect(tokens.expiresAt.getTime()).toBe(30_000 + 3_599_000);
    expect(seen[1]).toContain('grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code');
  });

  it('ends with "expired" when the code outlives expires_in or the server says expired_token', async () => {
    const a = fakeServer([pending, pending, pending], { expires_in: 12 });
    await expect(runDeviceCodeFlow({ ...against(a.fetchImpl), ...fakeTime(), onPrompt: () => undefined })).rejects.toMatchObject({ code: 'expired' });
    const b = fakeServer([{ error: 'expired_token', error_description: 'AADSTS70019: Verification code expired.' }]);
    await expect(runDeviceCodeFlow({ ...against(b.fetchImpl), ...fakeTime(), onPrompt: () => undefined })).rejects.toMatchObject({ code: 'expired' });
  });

  it('ends with "declined" when the user declines', async () => {
    const { fetchImpl } = fakeServer([{ error: 'authorization_declined', error_description: 'AADSTS70000: The end user denied the authorization request.\r\nTrace ID: x' }]);
    const failure = await runDeviceCodeFlow({ ...against(fetchImpl), ...fakeTime(), onPrompt: () => undefined }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClientError);
    expect(failure).toMatchObject({ code: 'declined' });
    expect((failure as Error).message).not.toContain('Trace ID');
  });

  it('passes any other OAuth error through with its AADSTS number', async () => {
    const { fetchImpl } = fakeServer([], {});
    const start = async (url: string | URL | Request, init?: RequestInit) =>
      String(url).endsWith('/devicecode')
        ? Response.json({ error: 'unauthorized_client', error_description: 'AADSTS700016: not found', error_codes: [700016] }, { status: 400 })
        : fetchImpl(url, init);
    const failure = await runDeviceCodeFlow({ ...against(start as typeof fetch), ...fakeTime(), onPrompt: () => undefined }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OAuthError);
    expect(failure).toMatchObject({ aadsts: 700016, error: 'unauthorized_client', request: `POST ${endpoints.device}` });
  });
});
