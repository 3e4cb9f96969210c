import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDeploy, type DeployOptions } from './run-deploy.ts';
import type { ProcessRunner } from './run-process.ts';

const OUTPUTS = {
  tenantId: '11111111-1111-1111-1111-111111111111',
  clientId: '22222222-2222-2222-2222-222222222222',
  serverUrl: 'https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io',
  mcpUrl: 'https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io/mcp',
  clientSecret: '[secret]',
};

/**
 * A stand-in for the Pulumi CLI and npm that answers like them: `up` exits with `upCode` and,
 * when it succeeds, adds a succeeded update to the stack's history (a failed one adds a
 * failed update; a preview adds nothing), as the real engine records them.
 */
function fakeCli(upCode: number, history: { kind: string; result: string; version: number }[] = []) {
  const calls: string[] = [];
  const run: ProcessRunner = async (command, args) => {
    calls.push(`${command} ${args.join(' ')}`);
    if (command === 'npm') return { code: 0, stdout: '' };
    if (args[0] === 'up') {
      history.unshift({ kind: 'update', result: upCode === 0 ? 'succeeded' : 'failed', version: history.length + 1 });
      return { code: upCode, stdout: '' };
    }
    if (args[0] === 'preview') return { code: upCode, stdout: '' };
    if (args[1] === 'history') return { code: 0, stdout: JSON.stringify(history) };
    if (args[1] === 'output') return { code: 0, stdout: JSON.stringify(OUTPUTS) };
    return { code: 1, stdout: '' };
  };
  return { run, calls };
}

async function envFile(content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'deploy-')), '.env');
  await writeFile(path, content);
  return path;
}

async function deploy(run: ProcessRunner, envPath: string, overrides: Partial<DeployOptions> = {}) {
  const lines: string[] = [];
  const code = await runDeploy({ run, envPath, yes: false, preview: false, hasDoctor: false, write: (l) => lines.push(l), ...overrides });
  return { code, lines };
}

describe('npm run deploy', () => {
  it('runs pulumi up, then writes .env from the outputs, then prints the next steps with the MCP URL', async () => {
    const cli = fakeCli(0);
    const path = await envFile('LOG_LEVEL=debug\n');
    const { code, lines } = await deploy(cli.run, path, { stack: 'dev' });
    expect(code).toBe(0);
    expect(cli.calls[0]).toBe('pulumi up --stack dev');
    expect(cli.calls.slice(1, 3)).toEqual(['pulumi stack history --json --page-size 20 --page 1 --stack dev', 'pulumi stack output --json --stack dev']);
    expect(await readFile(path, 'utf8')).toContain(`AZURE_CLIENT_ID=${OUTPUTS.clientId}\n`);
    expect(await readFile(path, 'utf8')).toMatch(/^LOG_LEVEL=debug\n/);
    expect(lines.join('\n')).toContain(OUTPUTS.mcpUrl);
    expect(lines.join('\n')).not.toContain('[secret]');
  });

  it('leaves .env untouched and exits with pulumi\'s code when up fails, even after an earlier success', async () => {
    const cli = fakeCli(255, [{ kind: 'update', result: 'succeeded', version: 1 }]);
    const path = await envFile('AZURE_CLIENT_ID=keep-me\n');
    const { code, lines } = await deploy(cli.run, path);
    expect(code).toBe(255);
    expect(cli.calls).toEqual(['pulumi up']);
    expect(await readFile(path, 'utf8')).toBe('AZURE_CLIENT_ID=keep-me\n');
    expect(lines).toEqual(['deploy: pulumi up failed (exit 255); .env left unchanged']);
  });

  it('with --preview runs only pulumi preview and writes nothing', async () => {
    const cli = fakeCli(0);
    const path = join(await mkdtemp(join(tmpdir(), 'deploy-')), '.env');
    const { code } = await deploy(cli.run, path, { preview: true, yes: true });
    expect(code).toBe(0);
    expect(cli.calls).toEqual(['pulumi preview']);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('passes --yes to up for pipelines and runs npm run doctor after .env where the project has it', async () => {
    const cli = fakeCli(0);
    const { code } = await deploy(cli.run, await envFile(''), { yes: true, hasDoctor: true });
    expect(code).toBe(0);
    expect(cli.calls[0]).toBe('pulumi up --yes');
    expect(cli.calls.at(-1)).toBe('npm run -s doctor');
  });
});

describe('runProcess', () => {
  it('names the missing command and where to get it, and captures stdout', async () => {
    const { runProcess } = await import('./run-process.ts');
    await expect(runProcess('pulumi-not-installed-here', ['up'], { capture: true })).rejects.toThrow(/`pulumi-not-installed-here` was not found on PATH/);
    expect(await runProcess(process.execPath, ['-e', 'process.stdout.write("out"); process.exit(3)'], { capture: true })).toEqual({ code: 3, stdout: 'out' });
  });
});
