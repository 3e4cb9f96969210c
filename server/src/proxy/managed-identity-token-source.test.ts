import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManagedIdentityTokenSource, ManagedIdentityTokenError } from './managed-identity-token-source.ts';

const CLIENT_ID = '5a4c0de1-1f7e-4c2a-9d3b-6f0e1a2b3c4d';
const HEADER = 'identity-header-value';
const AUDIENCE = 'api://AzureADTokenExchange';

/** A stand-in for Container Apps' identity endpoint; each test sets how it answers. */
let server: Server;
let endpoint: string;
let requests: URL[];
let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void;
const release: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://x'));
    answer(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

const tokenAnswer = (expiresOn: number) => (req: IncomingMessage, res: ServerResponse, n: number) => {
  if (req.headers['x-identity-header'] !== HEADER) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"statusCode":401,"message":"Unauthorized"}');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `token-${n}`, expires_on: String(expiresOn), resource: AUDIENCE, token_type: 'Bearer', client_id: CLIENT_ID }));
};

const source = (extra: Partial<Parameters<typeof createManagedIdentityTokenSource>[0]> = {}) => createManagedIdentityTokenSource({ endpoint, header: HEADER, clientId: CLIENT_ID, audience: AUDIENCE, ...extra });

const errorOf = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('resolved');
};

describe('the managed identity token source (Container Apps identity endpoint)', () => {
  it('asks with the header, the 2019-08-01 API, the audience and the identity, and caches the token until shortly before expiry', async () => {
    let nowMs = 1_000_000_000_000;
    const expiresOn = nowMs / 1000 + 3600;
    answer = tokenAnswer(expiresOn);
    const tokens = source({ now: () => nowMs, refreshMarginSeconds: 300 });
    expect(await tokens.token()).toBe('token-1');
    expect(Object.fromEntries(requests[0]!.searchParams)).toEqual({ 'api-version': '2019-08-01', resource: AUDIENCE, client_id: CLIENT_ID });
    expect(requests[0]!.pathname).toBe('/msi/token');
    nowMs += (3600 - 301) * 1000;
    expect(await tokens.token()).toBe('token-1');
    expect(requests).toHaveLength(1);
    nowMs += 2000;
    expect(await tokens.token()).toBe('token-2');
    expect(requests).toHaveLength(2);
  });

  it('callers arriving while a request is in flight share it', async () => {
    answer = (req, res, n) => release.push(() => tokenAnswer(Date.now() / 1000 + 3600)(req, res, n));
    const tokens = source();
    const both = Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    await new Promise<void>((resolve) => {
      const wait = (): void => void (release.length > 0 ? resolve() : setImmediate(wait));
      wait();
    });
    release.splice(0).forEach((send) => send());
    expect(await both).toEqual(['token-1', 'token-1', 'token-1']);
    expect(requests).toHaveLength(1);
  });

  it('a refusal names the endpoint and the status and never the header; it is not cached', async () => {
    answer = (_req, res) => void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ statusCode: 400, message: `No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.` }));
    const tokens = source();
    const error = await errorOf(tokens.token());
    expect(error).toBeInstanceOf(ManagedIdentityTokenError);
    expect((error as ManagedIdentityTokenError).code).toBe('managed_identity_token_failed');
    expect(error.message).toContain(`the managed identity endpoint ${endpoint} gave no token: HTTP 400: No User Assigned`);
    expect(error.message).not.toContain(HEADER);
    answer = tokenAnswer(Date.now() / 1000 + 3600);
    expect(await tokens.token()).toBe('token-2');
  });

  it('a wrong header is the endpoint\'s 401; an answer without a token or expiry is an error', async () => {
    answer = tokenAnswer(Date.now() / 1000 + 3600);
    expect((await errorOf(source({ header: 'wrong' }).token())).message).toContain('HTTP 401: Unauthorized');
    answer = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token_type":"Bearer"}');
    expect((await errorOf(source().token())).message).toContain('the answer has no access_token');
    answer = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t"}');
    expect((await errorOf(source().token())).message).toContain('no expires_on');
  });

  it('gives up on an endpoint that does not answer, and on one that cannot be reached', async () => {
    answer = () => undefined;
    const error = await errorOf(source({ timeoutMs: 50 }).token());
    expect(error.message).toContain(`${endpoint} gave no token: no answer within 50 ms`);
    const closed = await errorOf(createManagedIdentityTokenSource({ endpoint: 'http://127.0.0.1:1/msi/token', header: HEADER, clientId: CLIENT_ID, audience: AUDIENCE }).token());
    expect(closed.message).toContain('http://127.0.0.1:1/msi/token gave no token: the request failed');
  });
});
