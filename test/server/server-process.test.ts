import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from '../support/test-issuer.ts';

const MAIN = new URL('../../server/src/main.ts', import.meta.url).pathname;
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

// An empty working directory by default, so a developer's own .env cannot leak into a test.
const EMPTY = mkdtempSync(join(tmpdir(), 'entra-mcp-start-'));
afterAll(() => rmSync(EMPTY, { recursive: true, force: true }));

function run(env: Record<string, string>, cwd = EMPTY) {
  return spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects the JSON log lines; resolves with the URL once the server listens, rejects if it exits first. */
function listeningUrl(child: ReturnType<typeof run>, records: Record<string, unknown>[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      records.push(record);
      if (record['msg'] === 'listening') resolve(record['url'] as string);
    });
  });
}

describe('npm start (server/src/main.ts) as a process', () => {
  it('refuses to start without AZURE_CLIENT_ID, naming it and an example value', async () => {
    const child = run({ AZURE_TENANT_ID: issuer.tenant });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/AZURE_CLIENT_ID is required.*AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000000/);
    expect(stderr).toContain(`(no .env in ${EMPTY})`);
  });

  it('MCP_AUTH_MODE=proxy: refuses to start without MCP_PROXY_CLIENT_SECRET; with it, serves its own authorization server metadata', async () => {
    const base = { AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, MCP_AUTH_MODE: 'proxy', PORT: '0' };
    const refused = run(base);
    let stderr = '';
    refused.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(((await once(refused, 'exit')) as [number])[0]).not.toBe(0);
    expect(stderr).toMatch(/MCP_PROXY_CLIENT_SECRET is required in proxy mode/);

    const child = run({ ...base, MCP_PROXY_CLIENT_SECRET: 'test-secret-not-real' });
    const records: Record<string, unknown>[] = [];
    try {
      const url = await listeningUrl(child, records);
      expect(records.find((r) => r['msg'] === 'listening')).toMatchObject({ authMode: 'proxy' });
      const publicUrl = `http://localhost:${new URL(url).port}`;
      const metadata = (await (await fetch(`${url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(metadata['issuer']).toBe(publicUrl);
      const prm = (await (await fetch(`${url}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<string, unknown>;
      expect(prm['authorization_servers']).toEqual([publicUrl]);
      expect(JSON.stringify(records)).not.toContain('test-secret-not-real');
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  });

  it('reads .env from the working directory, under the environment, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entra-mcp-dotenv-'));
    try {
      // PORT=70000 would stop startup: the environment's PORT=0 must win over it.
      writeFileSync(join(dir, '.env'), `AZURE_CLIENT_ID=${CLIENT_ID}\nAZURE_AUTHORITY_HOST=${issuer.host}\nPORT=70000\n`);
      const child = run({ AZURE_TENANT_ID: issuer.tenant, PORT: '0' }, dir);
      const records: Record<string, unknown>[] = [];
      const exited = once(child, 'exit') as Promise<[number]>;
      const url = await listeningUrl(child, records);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      expect(records.find((r) => r['file'] === join(dir, '.env'))).toMatchObject({ msg: 'read settings from .env; the environment wins over it', settings: ['AZURE_AUTHORITY_HOST', 'AZURE_CLIENT_ID'] });
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const child = run({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0' });
    const records: Record<string, unknown>[] = [];
    const listening = listeningUrl(child, records);
    const exited = once(child, 'exit') as Promise<[number]>;
    const url = await listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(records.map((r) => r['msg'])).toEqual(expect.arrayContaining(['listening', 'shutting down: finishing requests in flight', 'stopped']));
  });
});
