/**
 * The whole stand-in: Graph, the token endpoint and Key Vault over one directory, as a
 * `fetch` for in-process tests and as an https server (throwaway CA) for the scripts.
 *
 * Why https with a throwaway CA rather than plain http plus our own auth middleware: the
 * Graph client library attaches the token only to https URLs and `@azure/identity` refuses
 * http authorities (both seen by running them: the Graph client's AuthenticationHandler checks
 * the scheme, `@azure/identity` throws on an http authorityHost). Serving https lets the scripts run the exact code they
 * run against graph.microsoft.com, with the CA trusted through `NODE_EXTRA_CA_CERTS`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDirectory, type Directory } from './directory.ts';
import { createGraphStandIn, noFaults, type GraphStandIn } from './graph-stand-in.ts';
import { handleDiscoveryRequest, handleTokenRequest, handleVaultRequest, type TokenFaults, type VaultFaults } from './token-and-vault-stand-in.ts';

export interface StandIn {
  readonly directory: Directory;
  readonly graph: GraphStandIn;
  readonly tokenFaults: TokenFaults;
  readonly vaultFaults: VaultFaults;
  handle(request: Request): Promise<Response>;
  /** The stand-in as a `fetch`, whatever origin the URL names. */
  readonly fetch: typeof fetch;
}

export function createStandIn(now: () => Date = () => new Date()): StandIn {
  const directory = createDirectory(now);
  const graph = createGraphStandIn(directory, noFaults());
  const tokenFaults: TokenFaults = { propagationDelay: 0 };
  const vaultFaults: VaultFaults = { forbid: false, softDeleted: new Set() };
  const handle = async (request: Request): Promise<Response> => {
    const { pathname, origin } = new URL(request.url);
    if (pathname.startsWith('/v1.0/')) return graph.handle(request);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(pathname);
    if (token !== null && request.method === 'POST') return handleTokenRequest(directory, tokenFaults, request, decodeURIComponent(token[1] as string));
    const discovery = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(pathname);
    if (discovery !== null && request.method === 'GET') return handleDiscoveryRequest(directory, origin, decodeURIComponent(discovery[1] as string), discovery[2]?.startsWith('v2.0') === true ? 'configuration' : 'keys');
    if (pathname.startsWith('/secrets/')) return handleVaultRequest(directory, vaultFaults, request, origin);
    return new Response('not found', { status: 404 });
  };
  const standInFetch = (async (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as typeof fetch;
  return { directory, graph, tokenFaults, vaultFaults, handle, fetch: standInFetch };
}

/** A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
export interface TestTls {
  readonly dir: string;
  readonly caFile: string;
  readonly key: string;
  readonly cert: string;
}

export function makeTestTls(): TestTls {
  const dir = mkdtempSync(join(tmpdir(), 'graph-stand-in-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=entra-mcp test CA');
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
  return { dir, caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key'), 'utf8'), cert: readFileSync(join(dir, 'server.pem'), 'utf8') };
}

export interface ServedStandIn {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the stand-in over https on 127.0.0.1 (ephemeral port). A handler that throws drops the connection. */
export async function serveStandIn(standIn: StandIn, tls: TestTls): Promise<ServedStandIn> {
  let origin = '';
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`${origin}${req.url ?? '/'}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks) });
      standIn.handle(request).then(
        async (response) => {
          const out: Record<string, string> = {};
          response.headers.forEach((value, key) => (out[key] = value));
          res.writeHead(response.status, out);
          res.end(Buffer.from(await response.arrayBuffer()));
        },
        () => req.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * A fake Azure CLI on PATH: answers `az account get-access-token` with the stand-in's tokens,
 * the way `AzureCliCredential` runs it, or fails like a signed-out CLI does.
 */
export function writeFakeAz(dir: string, directory: Directory, signedIn: boolean): string {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const answer = (token: string) => JSON.stringify({ accessToken: token, expiresOn: new Date(expires * 1000).toISOString().replace('T', ' ').slice(0, 19), expires_on: expires, subscription: '', tenant: directory.tenantId, tokenType: 'Bearer' });
  const script = signedIn
    ? `#!/bin/sh\ncase "$*" in\n  *vault*) echo '${answer(directory.keyVaultToken)}' ;;\n  *) echo '${answer(directory.graphToken)}' ;;\nesac\n`
    : `#!/bin/sh\necho "ERROR: Please run 'az login' to setup account." >&2\nexit 1\n`;
  writeFileSync(join(bin, 'az'), script);
  chmodSync(join(bin, 'az'), 0o755);
  return bin;
}

export function removeTestTls(tls: TestTls): void {
  rmSync(tls.dir, { recursive: true, force: true });
}

/** One stand-in served over https for a whole test file: started before its tests, stopped after. */
export function serveForSuite(): { readonly tls: TestTls; readonly standIn: StandIn; readonly served: ServedStandIn } {
  const tls = makeTestTls();
  let standIn: StandIn | undefined;
  let served: ServedStandIn | undefined;
  beforeAll(async () => {
    standIn = createStandIn();
    served = await serveStandIn(standIn, tls);
  });
  afterAll(async () => {
    await served?.close();
    removeTestTls(tls);
  });
  return { tls, get standIn() { return standIn as StandIn; }, get served() { return served as ServedStandIn; } };
}
