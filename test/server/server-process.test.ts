import { spawn } from 'node:child_process';
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

function run(env: Record<string, string>) {
  return spawn(process.execPath, [MAIN], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('npm start (server/src/main.ts) as a process', () => {
  it('refuses to start without AZURE_CLIENT_ID, naming it and an example value', async () => {
    const child = run({ AZURE_TENANT_ID: issuer.tenant });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/AZURE_CLIENT_ID is required.*AZURE_CLIENT_ID=00000000-0000-0000-0000-000000000000/);
  });

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const child = run({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host, PORT: '0' });
    const records: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        records.push(record);
        if (record['msg'] === 'listening') resolve(record['url'] as string);
      });
    });
    const exited = once(child, 'exit') as Promise<[number]>;
    const url = await listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    expect(records.map((r) => r['msg'])).toEqual(expect.arrayContaining(['listening', 'shutting down: finishing requests in flight', 'stopped']));
  });
});
