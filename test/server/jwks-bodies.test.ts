import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SigningKeyStore } from '../../server/src/auth/signing-key-store.ts';
import { LIST_TOOLS, startHarness, type Harness } from './harness.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

/** A JWKS endpoint that streams a chunked body that never ends, counting what it sent. */
async function endlessJwks() {
  const sent = { bytes: 0 };
  let closed!: Promise<unknown>;
  const server = createServer((req, res: ServerResponse) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/t/v2.0/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: `${origin}/t/v2.0`, jwks_uri: `${origin}/keys` }));
      return;
    }
    closed = once(res, 'close');
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.write('{"keys":[');
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk)) sent.bytes += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  open.push({ close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) });
  return { origin, sent, closed: () => closed };
}

describe('discovery and JWKS bodies', () => {
  it('an endless chunked JWKS is cut off at the limit while it streams, naming the limit and the URL', async () => {
    const jwks = await endlessJwks();
    const store = new SigningKeyStore({ discoveryUrl: `${jwks.origin}/t/v2.0/.well-known/openid-configuration`, cooldownMs: 0, refreshMs: 60_000 });
    await store.refresh();
    expect(store.ready).toBe(false);
    // Counted while reading: the timeout (5 s) never had to end it.
    expect(store.lastError).toBe(`GET ${jwks.origin}/keys answered more than 1048576 bytes`);
    await jwks.closed();
  });

  it('one null (or otherwise unusable) entry in keys costs only itself: the usable keys are kept, the skip is logged', async () => {
    const withJunk: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!String(input).endsWith('/discovery/v2.0/keys')) return res;
      const { keys } = (await res.json()) as { keys: unknown[] };
      return Response.json({ keys: [null, 7, { kty: 'RSA' }, ...keys] });
    };
    const h: Harness = await startHarness({}, {}, { fetch: withJunk });
    open.push(h);
    expect(h.server.keys.ready).toBe(true);
    expect((await fetch(`${h.server.url}/readyz`)).status).toBe(200);
    expect((await h.mcp(await h.issuer.mint(), LIST_TOOLS)).status).toBe(200);
    const skipped = h.logRecords().filter((r) => r['msg'] === 'a JWKS entry was skipped');
    expect(skipped.map((r) => r['reason'])).toEqual(['not a JSON object (null)', 'not a JSON object (number)', 'no kid']);
    expect(skipped.every((r) => r['level'] === 'warn' && String(r['url']).endsWith('/discovery/v2.0/keys'))).toBe(true);
  });
});
