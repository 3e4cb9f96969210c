import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, createTestKey, startTestIssuer, type TestIssuer } from '../support/test-issuer.ts';
import { loadConfig, startServer, type RunningServer } from '../../server/src/index.ts';
import { LIST_TOOLS } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

/** A clock the test moves by hand, so cooldowns and expiry need no waiting. */
function manualClock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (seconds: number) => (t += seconds * 1000) };
}

async function setup(env: Record<string, string> = {}, opts: { down?: boolean } = {}) {
  const issuer = await startTestIssuer();
  issuer.down = opts.down ?? false;
  open.push(issuer);
  const clock = manualClock();
  const config = loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0', LOG_LEVEL: 'silent', ...env });
  const server: RunningServer = await startServer(config, { now: clock.now });
  open.unshift(server);
  const call = async (token: string) =>
    (await fetch(`${server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(LIST_TOOLS) })).status;
  return { issuer, server, clock, call };
}

async function mintFresh(issuer: TestIssuer, extra: Record<string, unknown> = {}) {
  // A distinct token each time, so the verified-token cache cannot answer for it.
  return issuer.mint({ uti: randomUUID(), ...extra });
}

describe('signing keys', () => {
  it('key rotation: a new kid is fetched once the cooldown allows, then accepted', async () => {
    const { issuer, clock, call } = await setup();
    const next = await createTestKey();
    issuer.published = [issuer.signingKey, next];
    const before = issuer.jwksRequests;
    expect(await call(await issuer.mint({}, { key: next }))).toBe(401); // within the cooldown of the startup load
    expect(issuer.jwksRequests).toBe(before);
    clock.advance(301);
    expect(await call(await issuer.mint({ uti: 'x' }, { key: next }))).toBe(200);
    expect(issuer.jwksRequests).toBe(before + 1);
  });

  it('an unknown-kid flood causes at most one JWKS fetch per cooldown, and valid tokens keep working', async () => {
    const { issuer, clock, call, server } = await setup();
    clock.advance(301);
    const before = issuer.jwksRequests;
    const flood = await Promise.all(Array.from({ length: 100 }, () => issuer.mint({}, { header: { kid: randomUUID() } })));
    const statuses = await Promise.all([...flood.map(call), call(await mintFresh(issuer)), ...flood.map(call)]);
    expect(issuer.jwksRequests - before).toBe(1);
    expect(server.keys.fetchCount).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(200);
  });

  it('JWKS outage: cached keys keep working', async () => {
    const { issuer, call, server } = await setup();
    issuer.down = true;
    await server.keys.refresh();
    expect(server.keys.lastError).toMatch(/503/);
    expect(await call(await mintFresh(issuer))).toBe(200);
  });

  it('no keys ever loaded: requests fail closed with 503 and /readyz says not ready; ready once keys load', async () => {
    const { issuer, call, server } = await setup({}, { down: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/signing keys not loaded/);
    expect(await call(await mintFresh(issuer))).toBe(503);
    issuer.down = false;
    await server.keys.refresh();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await call(await mintFresh(issuer))).toBe(200);
  });

  it('a key withdrawn from the JWKS invalidates tokens it signed, even ones already verified', async () => {
    const { issuer, call, server } = await setup();
    const replacement = await createTestKey();
    const token = await mintFresh(issuer);
    expect(await call(token)).toBe(200);
    issuer.published = [replacement];
    await server.keys.refresh();
    expect(await call(token)).toBe(401);
  });

  it('a cached token is still refused once it expires', async () => {
    const { issuer, clock, call } = await setup({ CLOCK_SKEW_SECONDS: '30' });
    const exp = Math.floor(clock.now() / 1000) + 120;
    const token = await mintFresh(issuer, { exp });
    expect(await call(token)).toBe(200);
    clock.advance(120 + 29);
    expect(await call(token)).toBe(200); // inside the skew
    clock.advance(2);
    expect(await call(token)).toBe(401);
  });
});
