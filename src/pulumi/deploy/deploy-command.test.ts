import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../cli/command-io.ts';
import { runDeployCommand } from './deploy-command.ts';

function captureIo(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: '/nonexistent', env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), out, err };
}

describe('npm run deploy on the command framework', () => {
  it('--help lists every flag and runs nothing', async () => {
    const io = captureIo();
    expect(await runDeployCommand(['--help'], io)).toBe(0);
    const help = io.out.join('');
    for (const flag of ['--stack <name>', '--yes', '--preview', '--skip-preflight', '--vscode', '--dotenv <path>', '-h, --help']) expect(help).toContain(flag);
  });

  it('an unknown flag is a usage error (exit 2) before pulumi is started', async () => {
    const io = captureIo();
    expect(await runDeployCommand(['--stak', 'dev'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^npm run deploy: error \[USAGE\]: Unknown option '--stak'/);
  });
});
