/**
 * Hostile-token corpus: headers, query strings, origins and bodies. Each case asserts the correct behaviour; cases marked
 * `// Was a defect, now fixed:` failed when the corpus was written. Shared helpers: ./corpus.ts.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { challengeParams, LIST_TOOLS } from '../harness.ts';
import { b64, answer, rawStatus, h, kid, refuse } from './corpus.ts';

describe('HTTP surface: headers, query strings, origins, bodies', () => {
  it.each([
    ['percent-encoded name', '/mcp?access%5Ftoken=abc'],
    ['empty value', '/mcp?access_token='],
    ['no value', '/mcp?access_token'],
    ['after another parameter', '/mcp?a=1&access_token=abc'],
  ])('a query-string token (%s) is 400 invalid_request, even beside a good header', async (_name, path) => {
    const res = await h.mcp(await h.issuer.mint(), LIST_TOOLS, {}, path);
    expect(res.status).toBe(400);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('invalid_request');
  });

  it.each([
    ['null (sandboxed frame, file://)', () => 'null'],
    ['a trailing slash', () => `${new URL(h.server.publicUrl).origin}/`],
    ['another port', () => `http://localhost:${h.server.port + 1}`],
    ['https instead of http', () => new URL(h.server.publicUrl).origin.replace('http:', 'https:')],
    ['a suffix domain', () => `${new URL(h.server.publicUrl).origin}.evil.example`],
    ['127.0.0.1 instead of localhost', () => `http://127.0.0.1:${h.server.port}`],
    ['two origins', () => `${new URL(h.server.publicUrl).origin}, http://evil.example`],
  ])('refuses Origin %s with 403 even with a good token (DNS rebinding)', async (_name, origin) => {
    const res = await h.mcp(await h.issuer.mint(), LIST_TOOLS, { origin: origin() });
    expect(res.status).toBe(403);
  });

  it.each([
    // Refused by the bearer parser (invalid_request), or by Node's HTTP parser (the NUL byte).
    ['obs-text bytes in the token', Buffer.from('Bearer \xff\xfe\xfd.abc.def', 'latin1'), 400],
    ['a NUL byte', Buffer.from('Bearer abc\x00def', 'latin1'), 400],
    // Another scheme is no bearer credential at all: a bare challenge (RFC 6750 §3.1).
    ['the Negotiate scheme', Buffer.from('Negotiate YIIB'), 401],
    ['Bearer with a quoted token', Buffer.from('Bearer "abc.def.ghi"'), 400],
    ['two bearer tokens', Buffer.from('Bearer a.b.c, Bearer d.e.f'), 400],
    ['auth-params instead of a token', Buffer.from('Bearer realm="x"'), 400],
  ] as const)('a malformed Authorization header (%s) is answered %s, never a 5xx', async (_name, value, expected) => {
    const head = Buffer.concat([Buffer.from('POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\nAuthorization: '), value, Buffer.from('\r\n\r\n{}')]);
    expect(await rawStatus(h.server.url, head)).toBe(expected);
  });

  it.each<[string, () => string]>([
    ['a header segment that is a JSON array', () => `${b64('["RS256"]')}.${b64('{}')}.AAAA`],
    ['a header segment that is a JSON string', () => `${b64('"x"')}.${b64('{}')}.AAAA`],
    ['a header nested 5,000 deep', () => `${b64('['.repeat(5000) + ']'.repeat(5000))}.${b64('{}')}.AAAA`],
    ['a payload that is not UTF-8 JSON', () => `${b64(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.AAAA`],
    ['six segments', () => 'a.b.c.d.e.f'],
    ['an empty header segment', () => `.${b64('{}')}.AAAA`],
  ])('a malformed token (%s) is 401 invalid_token', async (_name, make) => {
    const res = await refuse(make());
    expect(res.status).toBe(401);
    expect(res.params['error']).toBe('invalid_token');
  });

  it.each<[string, string, number]>([
    // The SDK's transport refuses what is not a JSON-RPC message as a parse error.
    ['null', 'null', 400],
    ['a number', '1', 400],
    // A batch with no requests asks for no answer: 202 Accepted, as streamable HTTP defines.
    ['an empty batch', '[]', 202],
    // Parsed, then refused by the tool's schema (an unknown argument): a tool error, not a crash.
    ['an object nested 10,000 deep', `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"whoami","arguments":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`, 200],
    // `__proto__` as a JSON key is an own property of the parsed object, so the message has no
    // `method` and is refused; and `{}` (every object's prototype) must not have gained one.
    ['a __proto__ request', '{"__proto__":{"method":"tools/call"},"jsonrpc":"2.0","id":1}', 400],
  ])('an authenticated but hostile JSON-RPC body (%s) is answered %s, never a 5xx', async (_name, body, expected) => {
    const res = await fetch(`${h.server.url}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await h.issuer.mint()}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body,
    });
    expect(res.status).toBe(expected);
    expect(({} as Record<string, unknown>)['method']).toBeUndefined();
  });

  it('a body over the limit is 413 before it is read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.server.url}/mcp`, { method: 'POST', headers: { authorization: 'PLACEHOLDER', 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      void h.issuer.mint().then((t) => {
        req.setHeader('authorization', `Bearer ${t}`);
        req.write('{');
      });
    });
    expect(status).toBe(413);
  });

  it('the RFC 9728 documents ignore query strings and refuse writes', async () => {
    const doc = await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp?resource=https://evil.example`);
    expect(((await doc.json()) as { resource: string }).resource).toBe(`${h.server.publicUrl}/mcp`);
    expect((await fetch(`${h.server.url}/.well-known/oauth-protected-resource/mcp`, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});
