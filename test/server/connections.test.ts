import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

const open: Harness[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  while (open.length > 0) await open.pop()!.close();
});

/** A raw connection that collects what the server sends and says when the server ended it. */
function rawConnection(url: string) {
  const { port, hostname } = new URL(url);
  const socket = connect(Number(port), hostname);
  sockets.push(socket);
  let data = '';
  const waiters: (() => void)[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => {
    data += d;
    waiters.splice(0).forEach((w) => w());
  });
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(data)));
  /** Resolves with everything received once it contains `marker`. */
  const received = (marker: string) =>
    new Promise<string>((resolve) => {
      const check = (): void => (data.includes(marker) ? resolve(data) : void waiters.push(check));
      check();
    });
  return { socket, closed, received };
}

describe('connections the server will not wait on', () => {
  it('a POST without a token is answered 401 at once and its connection closed, without waiting for the declared body', async () => {
    const h = await startHarness({ LOG_LEVEL: 'silent' });
    open.push(h);
    const c = rawConnection(h.server.url);
    c.socket.write('POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{');
    const head = await c.received('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    expect(head.toLowerCase()).toContain('\r\nconnection: close\r\n');
    // The server ends the connection; the client never sent the rest of its body.
    await c.closed;
    expect(c.socket.destroyed).toBe(true);
  });

  it('a request that was read whole keeps its keep-alive connection', async () => {
    const h = await startHarness({ LOG_LEVEL: 'silent' });
    open.push(h);
    const c = rawConnection(h.server.url);
    c.socket.write('POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n');
    const head = await c.received('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    expect(head.toLowerCase()).toContain('\r\nconnection: keep-alive\r\n');
  });

  it('MAX_CONNECTIONS caps open connections: past the cap a new one is dropped unanswered', async () => {
    const h = await startHarness({ LOG_LEVEL: 'silent', MAX_CONNECTIONS: '2' });
    open.push(h);
    const held = [rawConnection(h.server.url), rawConnection(h.server.url)];
    for (const c of held) {
      c.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(await c.received('{"status":"ok"}')).toMatch(/^HTTP\/1\.1 200 /);
    }
    const third = rawConnection(h.server.url);
    third.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await third.closed).toBe('');
  });
});
