import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchJson } from './fetch-json.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const options = { fetch, timeoutMs: 5_000, maxBytes: 1024 };

describe('fetchJson: every failure names GET and the URL', () => {
  it('answers the JSON object', async () => {
    const url = await serve((_req, res) => res.end('{"keys":[]}'));
    expect(await fetchJson(`${url}/keys`, options)).toEqual({ keys: [] });
  });

  it.each<[string, Parameters<typeof createServer>[1], string]>([
    ['an HTTP error', (_req, res) => res.writeHead(503).end(), 'answered HTTP 503'],
    ['a redirect (never followed)', (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end(), 'failed'],
    ['a declared length over the cap', (_req, res) => res.writeHead(200, { 'content-length': '2048' }).end('x'.repeat(2048)), 'answered more than 1024 bytes'],
    ['a chunked body over the cap', (_req, res) => { res.write('x'.repeat(800)); res.end('x'.repeat(800)); }, 'answered more than 1024 bytes'],
    ['not JSON', (_req, res) => res.end('<html>'), 'did not answer JSON'],
    ['a JSON array', (_req, res) => res.end('[]'), 'did not answer a JSON object'],
  ])('%s', async (_name, handler, problem) => {
    const url = await serve(handler);
    await expect(fetchJson(`${url}/keys`, options)).rejects.toThrow(`GET ${url}/keys ${problem}`);
  });

  it('a refused connection', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    await expect(fetchJson(`${url}/keys`, options)).rejects.toThrow(`GET ${url}/keys failed: ECONNREFUSED`);
  });

  it('a server that never answers: the timeout ends it', async () => {
    const url = await serve(() => undefined);
    await expect(fetchJson(`${url}/keys`, { ...options, timeoutMs: 100 })).rejects.toThrow(`GET ${url}/keys failed: The operation was aborted due to timeout`);
  });
});
