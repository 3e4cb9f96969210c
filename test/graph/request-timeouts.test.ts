/** Every outgoing request of the Graph scripts has a time limit and an error naming method and URL. */
import { describe, expect, it } from 'vitest';
import { createGraphClient } from '../../src/graph/graph-client.ts';
import { setKeyVaultSecret } from '../../src/rotation/set-key-vault-secret.ts';
import { discoverAuthorityKeys } from '../../src/rotation/verify-issued-token.ts';

const silent = ((_: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    if (init?.signal?.aborted === true) reject(init.signal.reason);
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  })) as typeof fetch;

describe('request time limits', () => {
  it('Graph: a request that gets no answer fails naming the method and URL, not the token', async () => {
    const graph = createGraphClient({ graphUrl: 'https://graph.microsoft.com', getAccessToken: async () => 'eyJtoken', fetch: silent, timeoutMs: 10, sleep: async () => {} });
    const error = await graph.request('POST', '/applications', { displayName: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', request: 'POST /applications' });
    expect((error as Error).message).toContain('POST https://graph.microsoft.com/v1.0/applications: no answer within 0.01 s');
    expect(JSON.stringify({ m: (error as Error).message })).not.toContain('eyJtoken');
  });

  it('Key Vault and the authority: a request that gets no answer names the method and URL (fetchWithTimeout sets the limit)', async () => {
    const refused = (async () => { throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }); }) as typeof fetch;
    await expect(setKeyVaultSecret({ vaultUrl: 'https://kv.vault.azure.net', name: 'n', value: 'secret-value', expiresOn: 1, getAccessToken: async () => 't', fetch: refused }))
      .rejects.toMatchObject({ code: 'NETWORK_ERROR', request: 'PUT https://kv.vault.azure.net/secrets/n', message: 'no answer from PUT https://kv.vault.azure.net/secrets/n: fetch failed (connect ECONNREFUSED)' });
    await expect(discoverAuthorityKeys('https://login.microsoftonline.com', 'contoso.onmicrosoft.com', refused))
      .rejects.toMatchObject({ code: 'NETWORK_ERROR', request: 'GET https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration' });
  });
});
