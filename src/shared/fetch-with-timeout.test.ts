import { describe, expect, it } from 'vitest';
import { fetchWithTimeout, RequestFailedError } from './fetch-with-timeout.ts';

/** A server that never answers: the request ends only when its signal aborts. */
const silent = ((_: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    if (init?.signal?.aborted === true) reject(init.signal.reason);
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  })) as typeof fetch;

describe('fetchWithTimeout', () => {
  it('gives up on a silent server: TIMEOUT naming the method and URL, never the query, headers or body', async () => {
    const error = await fetchWithTimeout(silent, 'https://login.microsoftonline.com/t/oauth2/v2.0/token?code=abc', {
      method: 'POST', headers: { authorization: 'Bearer eyJsecret' }, body: 'client_secret=s3cret',
    }, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(error).toMatchObject({ code: 'TIMEOUT', method: 'POST', url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' });
    expect((error as Error).message).toBe('POST https://login.microsoftonline.com/t/oauth2/v2.0/token: no answer within 0.01 s');
    expect(JSON.stringify(error)).not.toMatch(/eyJsecret|s3cret|code=abc/);
  });

  it('a connection failure is NETWORK_ERROR with the cause; the caller\'s own abort (Ctrl-C) is not a timeout', async () => {
    const refused = (async () => { throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') }); }) as typeof fetch;
    await expect(fetchWithTimeout(refused, 'https://127.0.0.1:1/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: 'GET https://127.0.0.1:1/x: fetch failed (connect ECONNREFUSED 127.0.0.1:1)' });
    const stop = new AbortController();
    stop.abort();
    await expect(fetchWithTimeout(silent, 'https://127.0.0.1:1/x', { signal: stop.signal })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
