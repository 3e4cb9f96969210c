/**
 * The JWKS cooldown and single flight, tested where they are wired (loadConfig → startServer →
 * the key store), with an injected clock instead of waiting.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../server/src/index.ts';
import { CLIENT_ID, createTestKey, startTestIssuer } from '../support/test-issuer.ts';
import { LIST_TOOLS } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

async function setup(env: Record<string, string>, clock: () => number, wrap: (f: typeof fetch) => typeof fetch = (f) => f) {
  const issuer = await startTestIssuer();
  open.push(issuer);
  const config = loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0', LOG_LEVEL: 'silent', ...env });
  const server = await startServer(config, { now: clock, fetch: wrap(fetch) });
  open.push(server);
  const call = async (token: string) =>
    (await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(LIST_TOOLS) })).status;
  return { issuer, call };
}

describe('JWKS_COOLDOWN_SECONDS as the running server applies it', () => {
  it('counts seconds: an unknown kid 59 s after the last fetch fetches nothing, at 60 s it fetches once', async () => {
    let t = Date.now();
    const { issuer, call } = await setup({ JWKS_COOLDOWN_SECONDS: '60' }, () => t);
    const next = await createTestKey();
    issuer.published = [issuer.signingKey, next];
    const before = issuer.jwksRequests;
    t += 59_000;
    expect(await call(await issuer.mint({ uti: randomUUID() }, { key: next }))).toBe(401);
    expect(issuer.jwksRequests).toBe(before);
    t += 1_000;
    expect(await call(await issuer.mint({ uti: randomUUID() }, { key: next }))).toBe(200);
    expect(issuer.jwksRequests).toBe(before + 1);
  });

  it('concurrent requests with a new kid share one JWKS fetch, even with no cooldown at all', async () => {
    const N = 10;
    // The JWKS answer is held until every request is waiting for a key. The clock tells when:
    // each request reads it once on arrival, and the one request that starts the fetch reads it
    // twice more (the refetch decision, the attempt's time) — N + 2 reads in all. Without the
    // single flight each request reads it three times and starts its own fetch, so the gate
    // opens after at most (N + 2) / 3 requests, each of which has already fetched.
    let reads = 0;
    let threshold = Number.POSITIVE_INFINITY;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const clock = (): number => {
      reads += 1;
      if (reads >= threshold) release();
      return Date.now();
    };
    const jwksFetches = { count: 0 };
    const gated = (f: typeof fetch): typeof fetch => async (input, init) => {
      if (String(input).includes('/discovery/')) {
        jwksFetches.count += 1;
        await gate;
      }
      return f(input, init);
    };
    let opened = false;
    const { issuer, call } = await setup({ JWKS_COOLDOWN_SECONDS: '0' }, clock, (f) => (input, init) => (opened ? gated(f)(input, init) : f(input, init)));
    opened = true;
    const next = await createTestKey();
    issuer.published = [issuer.signingKey, next];
    const tokens = await Promise.all(Array.from({ length: N }, () => issuer.mint({ uti: randomUUID() }, { key: next })));
    threshold = reads + N + 2;
    const statuses = await Promise.all(tokens.map(call));
    expect(statuses).toEqual(Array.from({ length: N }, () => 200));
    expect(jwksFetches.count).toBe(1);
  });
});
