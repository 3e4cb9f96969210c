import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

let stack: ProxyStack;
beforeAll(async () => {
  stack = await startProxyStack({ registrationRateLimit: { limit: 5, windowSeconds: 3600 } });
});
afterAll(async () => stack?.close());

describe('/oauth/register (RFC 7591, public clients)', () => {
  it('registers a loopback client as native and public, with its redirect URIs only', async () => {
    const { status, body } = await register(stack.origin, { redirect_uris: ['http://localhost:8787/callback'], client_name: 'Cursor', grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ application_type: 'native', token_endpoint_auth_method: 'none', redirect_uris: ['http://localhost:8787/callback'], client_name: 'Cursor' });
    expect(body['client_secret']).toBeUndefined();
  });

  it('refuses a web client with a loopback URI and a confidential client, with the RFC 7591 error', async () => {
    const web = await register(stack.origin, { application_type: 'web', redirect_uris: ['http://127.0.0.1:3334/callback'] });
    expect(web).toMatchObject({ status: 400, body: { error: 'invalid_redirect_uri' } });
    const confidential = await register(stack.origin, { redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'client_secret_post' });
    expect(confidential).toMatchObject({ status: 400, body: { error: 'invalid_client_metadata' } });
  });

  it('refuses a body over 8 KiB with 413', async () => {
    const big = await register(stack.origin, { redirect_uris: ['http://127.0.0.1/cb'], client_name: 'x', padding: 'y'.repeat(9000) });
    expect(big).toMatchObject({ status: 413, body: { error: 'invalid_request' } });
  });

  it('rate-limits registrations per address (429 after the limit, with Retry-After)', async () => {
    // Five per window for this stack; the tests above spent four of them.
    expect((await register(stack.origin, { redirect_uris: ['http://127.0.0.1/cb'] })).status).toBe(201);
    const limited = await fetch(`${stack.origin}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1/cb'] }) });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: 'temporarily_unavailable' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    stack.clock.advance(3600);
    expect((await register(stack.origin, { redirect_uris: ['http://127.0.0.1/cb'] })).status).toBe(201);
  });
});
