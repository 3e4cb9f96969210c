import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../cli/command-io.ts';
import { runEnvPull } from './env-pull-command.ts';

const script = fileURLToPath(new URL('../../../scripts/env-pull.ts', import.meta.url));

function captureIo(cwd: string): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { cwd, env: {}, stdout: (t) => void (out += t), stderr: (t) => void (err += t), out: () => out, err: () => err };
}

describe('npm run env:pull', () => {
  it('without the Pulumi CLI: one error line saying it is needed and where to get it, exit 1, .env untouched', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'env-pull-cmd-'));
    await writeFile(join(cwd, '.env'), 'A=1\n');
    // PATH holds only Node's own directory: no `pulumi` to spawn, as on a fresh machine.
    const run = await promisify(execFile)(process.execPath, [script], { cwd, env: { PATH: dirname(process.execPath) } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'npm run env:pull: error [PULUMI_NOT_INSTALLED]: the Pulumi CLI (pulumi) is not installed or not on PATH; env:pull reads the stack through it\n' +
        '  what to do: Install it (https://www.pulumi.com/docs/iac/download-install/), open a new terminal so PATH has it, sign in with `pulumi login`, then run npm run env:pull again.\n',
    );
    expect(await readFile(join(cwd, '.env'), 'utf8')).toBe('A=1\n');
  });

  it('--help is generated from the flags; a typo is a usage error (exit 2)', async () => {
    const io = captureIo('/');
    expect(await runEnvPull(['--help'], io, async () => { throw new Error('not called'); })).toBe(0);
    expect(io.out()).toContain('--with-secret');
    expect(io.out()).toContain('https://www.pulumi.com/docs/iac/download-install/');
    const typo = captureIo('/');
    expect(await runEnvPull(['--with-secrets'], typo, async () => { throw new Error('not called'); })).toBe(2);
    expect(typo.err()).toMatch(/^npm run env:pull: error \[USAGE\]: Unknown option '--with-secrets'/);
  });

  it('prints what it wrote, the secret only as a hint', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'env-pull-cmd-'));
    const outputs = { tenantId: '11111111-1111-1111-1111-111111111111', clientId: '22222222-2222-2222-2222-222222222222', serverUrl: 'https://mcp.example.com', clientSecret: 'Abc8Q~secret' };
    const pulumi = async (args: readonly string[]) => (args[1] === 'history' ? JSON.stringify([{ kind: 'update', result: 'succeeded', version: 1 }]) : JSON.stringify(outputs));
    const io = captureIo(cwd);
    expect(await runEnvPull(['--with-secret'], io, pulumi)).toBe(0);
    expect(io.out()).toContain('MCP_SERVER_URL=https://mcp.example.com\n');
    expect(io.out()).toContain('AZURE_CLIENT_SECRET=<secret, hint Abc…>');
    expect(io.out()).not.toContain('Abc8Q~secret');
  });
});
