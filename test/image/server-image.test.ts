import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTokenByDeviceCode } from '../../src/clients/get-token-by-device-code.ts';
import { startLocalIdp, type RunningLocalIdp } from '../../src/local-idp/start-local-idp.ts';
import { appRegistration } from '../../src/registration/app-registration.ts';
import { DOCKER, IMAGE_TEST_ENV, docker, engineUnavailable } from './docker-engine.ts';

// Builds server/Dockerfile with a real engine, runs it as Container Apps would (plus a
// read-only root and no capabilities) against the local identity provider, and checks it.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Registries cannot be reached here: the Dockerfile's digest-pinned base is replaced by a
// stand-in built from Debian's packages and Node from the npm registry (build-base.sh).
const BASE = 'entra-mcp-test/node:22-bookworm-slim';
const TAG = `entra-mcp-server:image-test-${process.pid}`;
const NAME = `entra-mcp-image-test-${process.pid}`;
const BUILD_MS = 900_000;

const unavailable = engineUnavailable();
if (unavailable !== undefined && process.env[IMAGE_TEST_ENV] === 'required') {
  throw new Error(`${IMAGE_TEST_ENV}=required but ${unavailable}`);
}
if (unavailable !== undefined) process.stdout.write(`image test skipped: ${unavailable} (CI sets ${IMAGE_TEST_ENV}=required, which fails instead)\n`);

let idp: RunningLocalIdp;
let container: ChildProcess | undefined;
let serverUrl: string;
let figures: { buildSeconds: number; sizeMB: number; baseMB: number };
let scratch: string | undefined;

/** Starts the image in the foreground and resolves the URL from its `listening` line. */
function runImage(env: Record<string, string>): Promise<string> {
  const flags = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  container = spawn(DOCKER, [
    'run', '--rm', '--name', NAME, '--network', 'host', '--read-only', '--cap-drop', 'ALL',
    '--security-opt', 'no-new-privileges', ...flags, TAG,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  container.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    container?.once('exit', (code) => reject(new Error(`the container exited (${code}) before listening: ${stderr}`)));
    createInterface({ input: container!.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record['msg'] === 'listening') resolve(record['url'] as string);
    });
  });
}

async function buildImage(): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const base = spawn('bash', [join(ROOT, 'test/image/build-base.sh'), BASE, DOCKER], { stdio: ['ignore', 'inherit', 'inherit'] });
    base.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build-base.sh exited ${code}`))));
  });
  // This network intercepts TLS: npm ci in the build gets the machine's CA bundle the way the
  // Dockerfile documents for corporate networks, as BuildKit secrets that no layer keeps.
  const ca = [process.env['NODE_EXTRA_CA_CERTS'], process.env['SSL_CERT_FILE'], '/etc/ssl/certs/ca-certificates.crt']
    .find((path) => path !== undefined && existsSync(path));
  const secrets: string[] = [];
  if (ca !== undefined) {
    scratch = await mkdtemp(join(tmpdir(), 'image-test-'));
    const npmrc = join(scratch, 'npmrc');
    await writeFile(npmrc, 'cafile=/run/secrets/npm_ca\n', { mode: 0o600 });
    secrets.push('--secret', `id=npmrc,src=${npmrc}`, '--secret', `id=npm_ca,src=${ca}`);
  }
  const started = performance.now();
  await docker(['build', '--network', 'host', '--platform', 'linux/amd64', '-f', join(ROOT, 'server/Dockerfile'),
    '--build-arg', `BASE_IMAGE=${BASE}`, ...secrets, '-t', TAG, ROOT], BUILD_MS);
  return (performance.now() - started) / 1000;
}

/** A port free on 127.0.0.1 now: the health check reads PORT, so the server cannot take 0. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function sizeMB(image: string): Promise<number> {
  return Number(await docker(['image', 'inspect', '--format', '{{.Size}}', image])) / 1e6;
}

describe.skipIf(unavailable !== undefined)('the server image (server/Dockerfile) on a real engine', () => {
  beforeAll(async () => {
    const buildSeconds = await buildImage();
    figures = { buildSeconds, sizeMB: await sizeMB(TAG), baseMB: await sizeMB(BASE) };
    process.stdout.write(`image: ${figures.sizeMB.toFixed(0)} MB (base stand-in ${figures.baseMB.toFixed(0)} MB), built in ${buildSeconds.toFixed(1)} s\n`);
    idp = await startLocalIdp({ port: 0, autoSignIn: 'adele' });
    serverUrl = await runImage({
      AZURE_TENANT_ID: idp.tenantId, AZURE_CLIENT_ID: idp.clientId, AZURE_AUTHORITY_HOST: idp.authorityHost,
      HOST: '127.0.0.1', PORT: String(await freePort()), REQUIRED_SCOPE: appRegistration.scope.value,
    });
  }, BUILD_MS);

  afterAll(async () => {
    if (container !== undefined && container.exitCode === null) {
      await docker(['rm', '--force', NAME]).catch(() => undefined);
    }
    await idp?.close();
    await docker(['image', 'rm', '--force', TAG]).catch(() => undefined);
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('answers /healthz and /readyz without a token', async () => {
    expect((await fetch(`${serverUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${serverUrl}/readyz`)).status).toBe(200);
  });

  it('refuses /mcp without a token with 401 and a Bearer challenge', async () => {
    const response = await fetch(`${serverUrl}/mcp`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('lists its tools for a token the local identity provider issued', async () => {
    const { tokens } = await getTokenByDeviceCode({
      settings: { tenantId: idp.tenantId, apiClientId: idp.clientId, authorityHost: idp.authorityHost },
      sleep: async () => undefined, onPrompt: () => undefined,
    });
    const response = await fetch(`${serverUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('"whoami"');
  });

  it('runs as a non-root user, on a read-only root, with every capability dropped', async () => {
    expect(await docker(['exec', NAME, 'id', '-u'])).toBe('1000');
    const host = JSON.parse(await docker(['inspect', '--format', '{{json .HostConfig}}', NAME])) as { ReadonlyRootfs: boolean; CapDrop: string[] };
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.CapDrop).toEqual(['ALL']);
    const status = await docker(['exec', NAME, 'cat', '/proc/1/status']);
    expect(status).toMatch(/^CapEff:\s+0{16}$/m);
    // The node user's own home: writable but for the read-only root.
    await expect(docker(['exec', NAME, 'touch', '/home/node/probe'])).rejects.toThrow(/read-only file system/i);
  });

  it('health-checks the address it was given (HOST, PORT), not a fixed one', async () => {
    const test = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', TAG])) as string[];
    expect(test[0]).toBe('CMD');
    // The check runs with the container's environment (HOST=127.0.0.1, PORT=a free port, not 8000):
    // exit 0 only if it reached /healthz where the server listens.
    await expect(docker(['exec', NAME, ...test.slice(1)])).resolves.toBe('');
    await expect(docker(['exec', '-e', 'PORT=1', NAME, ...test.slice(1)])).rejects.toThrow();
    // And the address: the server is bound to 127.0.0.1 only, so asking 127.0.0.2 must fail.
    await expect(docker(['exec', '-e', 'HOST=127.0.0.2', NAME, ...test.slice(1)])).rejects.toThrow();
  });

  it('carries only production dependencies: no Pulumi, no type packages, no tests', async () => {
    const listing = await docker(['run', '--rm', '--network', 'none', '--entrypoint', 'sh', TAG, '-c',
      'ls /app/node_modules /app/node_modules/@types 2>&1; find /app/server -name "*.test.ts"']);
    expect(listing).toContain('@modelcontextprotocol');
    expect(listing).not.toContain('@pulumi');
    expect(listing).toMatch(/\/app\/node_modules\/@types.*No such file or directory/);
    expect(listing).not.toMatch(/\.test\.ts/);
    // The server's layers over its base: dependencies and sources, tens of MB (Pulumi alone
    // would add hundreds).
    expect(figures.sizeMB - figures.baseMB).toBeLessThan(60);
  });

  it('pins its base image by digest', async () => {
    const dockerfile = await readFile(join(ROOT, 'server/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=node:22-bookworm-slim@sha256:[0-9a-f]{64}$/m);
    expect(dockerfile.match(/^FROM .*/gm)).toEqual(['FROM ${BASE_IMAGE} AS deps', 'FROM ${BASE_IMAGE} AS runtime']);
  });
});

