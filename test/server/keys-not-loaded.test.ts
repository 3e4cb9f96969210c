import { afterEach, describe, expect, it } from 'vitest';
import { OTHER_TENANT_ID } from '../support/test-issuer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('until the signing keys have loaded (wrong AZURE_TENANT_ID, unreachable authority)', () => {
  it('a valid token is answered 503 temporarily_unavailable with Retry-After, not 401 "signing key not found"', async () => {
    // The authority has no discovery document for this tenant: keys never load.
    h = await startHarness({ AZURE_TENANT_ID: OTHER_TENANT_ID });
    const res = await h.mcp(await h.issuer.mint());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('www-authenticate')).toBeNull();
    const body = (await res.json()) as Record<string, string>;
    expect(body['error']).toBe('temporarily_unavailable');
    expect(body['error_description']).toMatch(/has not loaded its authority's signing keys yet/);
    expect((await fetch(`${h.server.url}/readyz`)).status).toBe(503);
  });

  it('logs the discovery failure at startup as an error naming the URL', async () => {
    h = await startHarness({ AZURE_TENANT_ID: OTHER_TENANT_ID });
    const discovery = `${h.issuer.host}/${OTHER_TENANT_ID}/v2.0/.well-known/openid-configuration`;
    const failure = h.logRecords().find((r) => r['type'] === 'keys_fetch_failed');
    expect(failure).toMatchObject({ level: 'error', url: discovery, reason: `GET ${discovery} answered HTTP 404` });
    expect(String(failure?.['msg'])).toMatch(/^signing keys could not be fetched/);
  });
});
