import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvFile } from '../../shared/env-file.ts';
import { EnvPullError } from './env-pull-error.ts';
import { assertLastUpdateSucceeded, type HistoryEntry } from './last-update.ts';
import { pullEnv } from './pull-env.ts';

const OUTPUTS = {
  tenantId: '11111111-1111-1111-1111-111111111111',
  clientId: '22222222-2222-2222-2222-222222222222',
  serverUrl: 'https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io',
  mcpUrl: 'https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io/mcp',
};
const SECRET = 'Abc8Q~secret-value';
const ok = (version: number): HistoryEntry => ({ kind: 'update', result: 'succeeded', version });

/** A stand-in for the Pulumi CLI that answers like it and records how it was called. */
function fakePulumi(history: HistoryEntry[], outputs: Record<string, unknown> = OUTPUTS) {
  const calls: string[][] = [];
  const cli = async (args: readonly string[]) => {
    calls.push([...args]);
    if (args[1] === 'history') return JSON.stringify(history);
    if (args[1] === 'output') return JSON.stringify({ ...outputs, clientSecret: args.includes('--show-secrets') ? SECRET : '[secret]' });
    throw new Error(`unexpected pulumi ${args.join(' ')}`);
  };
  return { cli, calls };
}

async function envFile(content?: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'env-pull-')), '.env');
  if (content !== undefined) await writeFile(path, content, { mode: 0o644 });
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<EnvPullError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (error instanceof EnvPullError) return error;
  throw new Error(`expected an EnvPullError, got ${String(error)}`);
}

describe('pullEnv', () => {
  it('writes tenant, client id and server URL after a successful up, keeping other lines, mode 0600, no secret', async () => {
    const path = await envFile('# mine\nLOG_LEVEL=debug\nAZURE_CLIENT_ID=stale\nSECURE_SERVER_URL=http://localhost:8000\n');
    const pulumi = fakePulumi([ok(3), ok(2)]);
    await pullEnv({ pulumi: pulumi.cli, envPath: path, stack: 'dev', withSecret: false });
    expect(await readFile(path, 'utf8')).toBe(
      `# mine\nLOG_LEVEL=debug\nAZURE_CLIENT_ID=${OUTPUTS.clientId}\nAZURE_TENANT_ID=${OUTPUTS.tenantId}\nMCP_SERVER_URL=${OUTPUTS.serverUrl}\n`,
    );
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(pulumi.calls).toEqual([
      ['stack', 'history', '--json', '--page-size', '20', '--page', '1', '--stack', 'dev'],
      ['stack', 'output', '--json', '--stack', 'dev'],
    ]);
  });

  it('forgets the local authority npm run dev left in .env, keeps a real one', async () => {
    const local = await envFile('AZURE_AUTHORITY_HOST=http://127.0.0.1:8010\n');
    await pullEnv({ pulumi: fakePulumi([ok(1)]).cli, envPath: local, withSecret: false });
    expect((await readEnvFile(local))['AZURE_AUTHORITY_HOST']).toBeUndefined();
    const sovereign = await envFile('AZURE_AUTHORITY_HOST=https://login.microsoftonline.us\n');
    await pullEnv({ pulumi: fakePulumi([ok(1)]).cli, envPath: sovereign, withSecret: false });
    expect((await readEnvFile(sovereign))['AZURE_AUTHORITY_HOST']).toBe('https://login.microsoftonline.us');
  });

  it('decrypts and writes the client secret only when asked', async () => {
    const path = await envFile();
    const pulumi = fakePulumi([ok(1)]);
    const written = await pullEnv({ pulumi: pulumi.cli, envPath: path, withSecret: true });
    expect(written.AZURE_CLIENT_SECRET).toBe(SECRET);
    // Real Entra secrets contain `~`; the value must read back exactly.
    expect((await readEnvFile(path)).AZURE_CLIENT_SECRET).toBe(SECRET);
    expect(pulumi.calls[1]).toEqual(['stack', 'output', '--json', '--show-secrets']);
  });

  it('leaves .env untouched, and never reads outputs, when the last up failed', async () => {
    const before = 'AZURE_CLIENT_ID=keep-me\n';
    const path = await envFile(before);
    const pulumi = fakePulumi([{ kind: 'update', result: 'failed', version: 4 }, ok(3)]);
    const error = await refusal(pullEnv({ pulumi: pulumi.cli, envPath: path, withSecret: true }));
    expect(error.code).toBe('LAST_UPDATE_NOT_SUCCEEDED');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(pulumi.calls.map((c) => c[1])).toEqual(['history']);
  });

  it('writes nothing for a stack that was never deployed (a preview leaves no history)', async () => {
    const path = await envFile();
    const error = await refusal(pullEnv({ pulumi: fakePulumi([]).cli, envPath: path, withSecret: false }));
    expect(error.code).toBe('NO_SUCCESSFUL_UPDATE');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses when an output is missing, before writing', async () => {
    const path = await envFile('A=1\n');
    const { serverUrl: _dropped, ...partial } = OUTPUTS;
    const error = await refusal(pullEnv({ pulumi: fakePulumi([ok(1)], partial).cli, envPath: path, withSecret: false }));
    expect(error.code).toBe('MISSING_OUTPUT');
    expect(await readFile(path, 'utf8')).toBe('A=1\n');
  });

  it('without the Pulumi CLI on PATH: says it is needed and where to get it, .env untouched', async () => {
    const path = await envFile('A=1\n');
    // What execFile rejects with when the program does not exist.
    const missing = async () => { throw Object.assign(new Error('spawn pulumi ENOENT'), { code: 'ENOENT' }); };
    const error = await refusal(pullEnv({ pulumi: missing, envPath: path, withSecret: false }));
    expect(error.code).toBe('PULUMI_NOT_INSTALLED');
    expect(error.message).toBe('the Pulumi CLI (pulumi) is not installed or not on PATH; env:pull reads the stack through it');
    expect(error.advice.join(' ')).toContain('https://www.pulumi.com/docs/iac/download-install/');
    expect(await readFile(path, 'utf8')).toBe('A=1\n');
  });

  it('reports a failing Pulumi CLI without echoing --show-secrets', async () => {
    const failing = async () => { throw new Error('no stack selected'); };
    const error = await refusal(pullEnv({ pulumi: failing, envPath: await envFile(), withSecret: true }));
    expect(error.code).toBe('PULUMI_FAILED');
    expect(error.message).toContain('no stack selected');
  });
});

describe('assertLastUpdateSucceeded', () => {
  it('looks past refreshes and renames to the latest update or destroy, whatever the order', () => {
    expect(assertLastUpdateSucceeded([{ kind: 'refresh', result: 'failed', version: 5 }, ok(4)]).version).toBe(4);
    expect(assertLastUpdateSucceeded([ok(2), { kind: 'update', result: 'failed', version: 1 }]).version).toBe(2);
    expect(() => assertLastUpdateSucceeded([ok(2), { kind: 'update', result: 'failed', version: 3 }])).toThrow(/failed/);
  });

  it.each([
    [[{ kind: 'destroy', result: 'succeeded', version: 6 }, ok(5)], 'STACK_DESTROYED'],
    [[{ kind: 'update', result: 'in-progress', version: 2 }, ok(1)], 'LAST_UPDATE_NOT_SUCCEEDED'],
    [[{ kind: 'refresh', result: 'succeeded', version: 1 }], 'NO_SUCCESSFUL_UPDATE'],
  ] as const)('refuses %j with %s', (history, code) => {
    expect(() => assertLastUpdateSucceeded(history)).toThrow(expect.objectContaining({ code }));
  });
});
