import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientError } from './client-errors.ts';
import { describeNetworkFailure } from './describe-network-failure.ts';
import { timedFetch } from './timed-fetch.ts';
import { closedPort } from '../../test/support/closed-port.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

describe('timedFetch', () => {
  it('gives up on a server that never answers, naming the method and URL (not the query, never a header)', async () => {
    const base = await listen(() => undefined); // holds every request
    const failure = await timedFetch(fetch, 50)(`${base}/token?x=1`, { method: 'POST', headers: { authorization: 'Bearer secret-token' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClientError);
    expect(failure).toMatchObject({ code: 'timeout', request: `POST ${base}/token` });
    expect((failure as Error).message).toBe(`POST ${base}/token got no answer within 0.05 s`);
    expect(JSON.stringify(failure)).not.toContain('secret-token');
  });

  it('says a refused connection is refused and, on loopback only, to start npm run dev', async () => {
    const url = await closedPort();
    const failure = (await timedFetch()(`${url}/mcp`).catch((e: unknown) => e)) as ClientError;
    expect(failure).toMatchObject({ code: 'network', request: `GET ${url}/mcp` });
    expect(failure.message).toMatch(/connection refused by http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(failure.advice.join(' ')).toContain('npm run dev');
  });

  it('passes answers through untouched', async () => {
    const base = await listen((_req, res) => res.end('ok'));
    expect(await (await timedFetch()(base)).text()).toBe('ok');
  });
});

describe('describeNetworkFailure', () => {
  const failed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code }) });

  it.each([
    ['https://mcp.example.com/mcp', 'ENOTFOUND', /^no DNS record for mcp\.example\.com/],
    ['https://mcp.example.com/mcp', 'ECONNREFUSED', /^connection refused by https:\/\/mcp\.example\.com/],
    ['https://mcp.example.com/mcp', 'DEPTH_ZERO_SELF_SIGNED_CERT', /^TLS failed with https:\/\/mcp\.example\.com/],
    ['https://mcp.example.com/mcp', 'ERR_TLS_CERT_ALTNAME_INVALID', /^TLS failed/],
  ])('%s %s: the cause, and no npm run dev hint for a deployed server', (url, code, reason) => {
    const d = describeNetworkFailure(url, failed(code));
    expect(d.reason).toMatch(reason);
    expect(d.advice.join(' ')).not.toContain('npm run dev');
  });
});
