import { afterEach, describe, expect, it, vi } from 'vitest';
import { metadataDocumentFetch } from './metadata-document-fetch.ts';

// oidc-provider's SSRF-checking dispatcher rides in `init`; whatever is not exempt must reach fetch with it.
const init = { method: 'GET', dispatcher: { ssrf: 'checked' } } as unknown as RequestInit;

describe('metadataDocumentFetch', () => {
  afterEach(() => vi.restoreAllMocks());

  it("without the exemption, every URL (loopback too) goes to fetch with oidc-provider's dispatcher", async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}'));
    await metadataDocumentFetch(undefined)('https://127.0.0.1:4443/client.json', init);
    expect(fetch).toHaveBeenCalledWith('https://127.0.0.1:4443/client.json', init);
  });

  it('with it, only https on a loopback host is exempt: other hosts, private addresses and http keep the checked path', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{}'));
    const exempt = metadataDocumentFetch({ ca: 'unused here' });
    for (const url of ['https://client.example.com/client.json', 'https://10.0.0.5/client.json', 'https://169.254.169.254/latest', 'http://127.0.0.1:4443/client.json', 'https://localhost.example.com/c.json']) {
      await exempt(url, init);
      expect(fetch).toHaveBeenLastCalledWith(url, init);
    }
    expect(fetch).toHaveBeenCalledTimes(5);
  });
});
