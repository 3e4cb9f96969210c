import { Agent, get, request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_TOOLS, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function getOn(agent: Agent, url: string, onFlushed?: () => void): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    // 'finish': the request has been handed to the operating system, so it is on the wire.
    if (onFlushed !== undefined) req.on('finish', onFlushed);
  });
}

describe('graceful shutdown (what SIGTERM runs)', () => {
  it('a request already sent on an idle keep-alive socket when shutdown starts is answered, not reset', async () => {
    h = await startHarness({ LOG_LEVEL: 'silent' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await getOn(agent, `${h.server.url}/healthz`);
    expect([first.status, first.connection]).toEqual([200, 'keep-alive']);
    let closed: Promise<void> | undefined;
    // The second request reuses the now idle socket; shutdown starts the moment it is sent.
    const second = await getOn(agent, `${h.server.url}/healthz`, () => {
      closed = h!.server.close();
    });
    expect(second).toEqual({ status: 200, connection: 'close', body: '{"status":"ok"}' });
    await closed;
    agent.destroy();
  });

  it('a request in flight when shutdown starts is finished with Connection: close, and shutdown does not wait out the keep-alive timeout', async () => {
    // A keep-alive timeout longer than the test: without `Connection: close` the close would hang.
    h = await startHarness({ LOG_LEVEL: 'silent', KEEP_ALIVE_TIMEOUT_SECONDS: '600' });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify(LIST_TOOLS);
    const token = await h.issuer.mint();
    let closed: Promise<void> | undefined;
    const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const req = request(`${h!.server.url}/mcp`, {
        agent,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(Buffer.byteLength(body)), expect: '100-continue' },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      });
      req.on('error', reject);
      // 100 Continue: the server has parsed the headers, so the request is in flight.
      req.on('continue', () => {
        closed = h!.server.close();
        req.end(body);
      });
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 200, connection: 'close' });
    await closed;
    agent.destroy();
  });
});
