import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID } from '../support/test-issuer.ts';
import { challengeParams, LIST_TOOLS, startHarness, type Harness } from './harness.ts';

let h: Harness;
let good: string;
beforeAll(async () => {
  h = await startHarness();
  good = await h.issuer.mint();
});
afterAll(() => h.close());

const scope = `api://${CLIENT_ID}/access_as_user`;

describe('RFC 6750 answers at the request level', () => {
  it('no token: 401 with resource_metadata and scope, and no error code (RFC 6750 §3.1)', async () => {
    const res = await h.mcp(undefined);
    expect(res.status).toBe(401);
    const params = challengeParams(res.headers.get('www-authenticate'));
    expect(params).toEqual({ resource_metadata: `${h.server.publicUrl}/.well-known/oauth-protected-resource/mcp`, scope });
  });

  it('another scheme is no bearer credential: 401 without an error code', async () => {
    const res = await h.mcp(undefined, LIST_TOOLS, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(res.status).toBe(401);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBeUndefined();
  });

  it.each(['bearer', 'BEARER', 'BeArEr'])('the scheme is case-insensitive (%s)', async (scheme) => {
    const res = await h.mcp(undefined, LIST_TOOLS, { authorization: `${scheme} ${good}` });
    expect(res.status).toBe(200);
  });

  it.each([
    ['alone', {}, `?access_token=${'x'.repeat(20)}`],
    ['beside the header', { authorization: 'Bearer PLACEHOLDER' }, `?access_token=${'x'.repeat(20)}`],
  ])('a token in the query string %s: 400 invalid_request', async (_name, headers, query) => {
    const hdrs = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PLACEHOLDER', good)]));
    const res = await h.mcp(undefined, LIST_TOOLS, hdrs, `/mcp${query}`);
    expect(res.status).toBe(400);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('invalid_request');
  });

  it.each(['Bearer', 'Bearer ', 'Bearer a b', 'Bearer {"json":1}', 'Bearer\ttab'])('a malformed Authorization header (%j) is 400 invalid_request, never a 5xx', async (value) => {
    const res = await h.mcp(undefined, LIST_TOOLS, { authorization: value });
    expect(res.status).toBe(400);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('invalid_request');
  });

  it('an oversized header is refused with a 4xx (431), never a 5xx', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${'a'.repeat(40_000)}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(431);
  });
});

describe('transport security', () => {
  it('refuses a request whose Origin is not the server (DNS rebinding), even with a good token', async () => {
    const res = await h.mcp(good, LIST_TOOLS, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it("accepts the server's own Origin", async () => {
    const res = await h.mcp(good, LIST_TOOLS, { origin: new URL(h.server.publicUrl).origin });
    expect(res.status).toBe(200);
  });

  it('refuses a body that is not JSON with a JSON-RPC parse error, after authentication', async () => {
    const res = await fetch(`${h.server.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${good}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(-32700);
  });

  it('GET and DELETE on /mcp answer 405: the server keeps no sessions', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${h.server.url}/mcp`, { method, headers: { authorization: `Bearer ${good}`, accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });
});

describe('RFC 9728 Protected Resource Metadata', () => {
  it('path form: resource is the MCP endpoint', async () => {
    const res = await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      resource: `${h.server.publicUrl}/mcp`,
      authorization_servers: [h.issuer.issuer],
      scopes_supported: [scope],
      bearer_methods_supported: ['header'],
      resource_name: 'entra-mcp',
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('root form: resource is the origin the URL was built from', async () => {
    const body = (await (await fetch(`${h.server.url}/.well-known/oauth-protected-resource`)).json()) as { resource: string };
    expect(body.resource).toBe(h.server.publicUrl);
  });

  it('the challenge points at the path-form document', async () => {
    const params = challengeParams((await h.mcp(undefined)).headers.get('www-authenticate'));
    const doc = (await (await fetch(params['resource_metadata']!.replace(h.server.publicUrl, h.server.url))).json()) as { resource: string };
    expect(doc.resource).toBe(`${h.server.publicUrl}/mcp`);
  });
});

describe('operations', () => {
  it('/healthz and /readyz answer without a token and reveal no secrets', async () => {
    const health = await fetch(`${h.server.url}/healthz`);
    const ready = await fetch(`${h.server.url}/readyz`);
    expect([health.status, ready.status]).toEqual([200, 200]);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('logs one JSON line per request with caller and status, and never a token', async () => {
    const token = await h.issuer.mint({ name: 'Log Checker' });
    await h.mcp(token, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {} } });
    const line = h.logRecords().find((r) => r['tool'] === 'whoami');
    expect(line).toMatchObject({ msg: 'request', method: 'POST', path: '/mcp', status: 200, rpc: 'tools/call', oid: expect.any(String), tid: expect.any(String), clientApp: expect.any(String) });
    expect(typeof line?.['ms']).toBe('number');
    const all = h.logs.join('\n');
    for (const t of [token, good]) expect(all).not.toContain(t.split('.')[2]);
    expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});

describe('what a path can put in the log', () => {
  it('a path that is no route is logged as a fixed placeholder, so a token fragment in it stays out of the log', async () => {
    const fragment = good.split('.').slice(0, 2).join('.');
    const res = await fetch(`${h.server.url}/mcp/${fragment}?x=1`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe('not_found');
    const line = h.logRecords().findLast((r) => r['msg'] === 'request' && r['status'] === 404);
    expect(line).toMatchObject({ method: 'GET', path: '(other)' });
    expect(h.logs.join('\n')).not.toContain(fragment);
  });

  it('known routes are logged verbatim, without their query string', async () => {
    await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp?q=${'x'.repeat(30)}`);
    const line = h.logRecords().findLast((r) => r['msg'] === 'request' && r['status'] === 200);
    expect(line?.['path']).toBe('/.well-known/oauth-protected-resource/mcp');
  });
});

describe('browser origins named in ALLOWED_ORIGINS', () => {
  it('answers the CORS preflight without a token and lets the page read the challenge', async () => {
    const hb = await startHarness({ ALLOWED_ORIGINS: 'https://vscode.dev' });
    try {
      const preflight = await fetch(`${hb.server.url}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://vscode.dev', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://vscode.dev');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const unauthenticated = await hb.mcp(undefined, LIST_TOOLS, { origin: 'https://vscode.dev' });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get('access-control-expose-headers')).toContain('www-authenticate');
      const other = await fetch(`${hb.server.url}/mcp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(other.status).toBe(403);
    } finally {
      await hb.close();
    }
  });
});
