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
function fakeCli(upCode: number, history: { kind: string; result: string; version: number }[] = [], stack: { selected?: string; rotation?: string } = { selected: 'dev', rotation: '2026-11-01' }) {
  const calls: string[] = [];
  const run: ProcessRunner = async (command, args) => {
    calls.push(`${command} ${args.join(' ')}`);
    if (command === 'npm') return { code: 0, stdout: '' };
    if (args[1] === '--show-name') return stack.selected === undefined ? { code: 255, stdout: '' } : { code: 0, stdout: `${stack.selected}\n` };
    if (args[1] === 'select') return { code: 0, stdout: '' };
    if (args[0] === 'config' && args[1] === 'get') return stack.rotation === undefined ? { code: 255, stdout: '' } : { code: 0, stdout: `${stack.rotation}\n` };
    if (args[0] === 'config' && args[1] === 'set') return { code: 0, stdout: '' };
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
  const code = await runDeploy({ run, envPath, now: new Date('2026-12-03T08:00:00Z'), yes: false, preview: false, skipPreflight: true, hasDoctor: false, write: (l) => lines.push(l), ...overrides });
  return { code, lines };
}

describe('npm run deploy', () => {
  it('without the Azure CLI and Pulumi signed in (a pipeline), stops before the stack is touched and names the logins', async () => {
    const cli = fakeCli(0);
    const path = await envFile('LOG_LEVEL=debug\n');
    const { code, lines } = await deploy(cli.run, path, { stack: 'dev', signIn: 'check' });
    expect(code).toBe(1);
    expect(cli.calls).toEqual(['az account show', 'pulumi whoami']);
    expect(lines.join('\n')).toMatch(/run `az login` first[\s\S]*run `pulumi login` first/);
    expect(await readFile(path, 'utf8')).toBe('LOG_LEVEL=debug\n');
  });

  it('runs pulumi up, then writes .env from the outputs, then prints the next steps with the MCP URL', async () => {
    const cli = fakeCli(0);
    const path = await envFile('LOG_LEVEL=debug\n');
    const { code, lines } = await deploy(cli.run, path, { stack: 'dev' });
    expect(code).toBe(0);
    expect(cli.calls.slice(0, 5)).toEqual([
      'pulumi stack select --create dev', 'pulumi config get secretRotation --stack dev', 'pulumi up --stack dev',
      'pulumi stack history --json --page-size 20 --page 1 --stack dev', 'pulumi stack output --json --stack dev',
    ]);
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
    expect(cli.calls.at(-1)).toBe('pulumi up --stack dev');
    expect(await readFile(path, 'utf8')).toBe('AZURE_CLIENT_ID=keep-me\n');
    expect(lines).toEqual(['deploy: pulumi up failed (exit 255); .env left unchanged']);
    expect(cli.calls.filter((c) => c.startsWith('pulumi stack output'))).toEqual([]);
  });

  it('with --preview runs only pulumi preview and writes nothing', async () => {
    const cli = fakeCli(0);
    const path = join(await mkdtemp(join(tmpdir(), 'deploy-')), '.env');
    const { code } = await deploy(cli.run, path, { preview: true, yes: true });
    expect(code).toBe(0);
    expect(cli.calls.at(-1)).toBe('pulumi preview --stack dev');
    expect(cli.calls.filter((c) => c.includes(' up') || c.includes('output'))).toEqual([]);
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('passes --yes to up for pipelines and runs npm run doctor after .env where the project has it', async () => {
    const cli = fakeCli(0);
    const { code } = await deploy(cli.run, await envFile(''), { yes: true, hasDoctor: true });
    expect(code).toBe(0);
    expect(cli.calls).toContain('pulumi up --stack dev --yes');
    expect(cli.calls.at(-1)).toBe('npm run -s doctor');
  });
});

describe('npm run deploy on a fresh clone', () => {
  it('creates the dev stack when none is selected and sets its secretRotation to today, then deploys it', async () => {
    const cli = fakeCli(0, [], {});
    const { code, lines } = await deploy(cli.run, await envFile(''));
    expect(code).toBe(0);
    expect(cli.calls.slice(0, 5)).toEqual([
      'pulumi stack --show-name', 'pulumi stack select --create dev', 'pulumi config get secretRotation --stack dev',
      'pulumi config set secretRotation 2026-12-03 --stack dev', 'pulumi up --stack dev',
    ]);
    expect(lines[0]).toBe('deploy: stack dev: secretRotation set to 2026-12-03 (the client secret\'s issue date)');
  });

  it('deploys the selected stack and keeps its secretRotation', async () => {
    const cli = fakeCli(0, [], { selected: 'prod', rotation: '2026-10-01' });
    await deploy(cli.run, await envFile(''));
    expect(cli.calls.slice(0, 4)).toEqual([
      'pulumi stack --show-name', 'pulumi stack select --create prod', 'pulumi config get secretRotation --stack prod', 'pulumi up --stack prod',
    ]);
  });
});

describe('runProcess', () => {
  it('names the missing command and where to get it, and captures stdout', async () => {
    const { runProcess } = await import('./run-process.ts');
    await expect(runProcess('pulumi-not-installed-here', ['up'], { capture: true })).rejects.toThrow(/`pulumi-not-installed-here` was not found on PATH/);
    expect(await runProcess(process.execPath, ['-e', 'process.stdout.write("out"); process.exit(3)'], { capture: true })).toEqual({ code: 3, stdout: 'out' });
  });
});

describe('npm run deploy, preflight', () => {
  it('stops before pulumi up, writing nothing, when the signed-in identity cannot deploy', async () => {
    const cli = fakeCli(0);
    const run: ProcessRunner = async (command, args, options) => {
      if (command === 'az' && args[0] === 'account') return { code: 0, stdout: JSON.stringify({ id: 's', user: { name: 'u' } }) };
      if (command === 'az') return { code: 0, stdout: '[]' };
      return cli.run(command, args, options);
    };
    const path = await envFile('A=1\n');
    const { code, lines } = await deploy(run, path, { skipPreflight: false });
    expect(code).toBe(1);
    expect(cli.calls.filter((c) => c.startsWith('pulumi up'))).toEqual([]);
    expect(lines.at(-1)).toBe('deploy: nothing was created; fix the above, or pass --skip-preflight');
    expect(await readFile(path, 'utf8')).toBe('A=1\n');
  });
});

describe('npm run deploy --vscode', () => {
  it('adds the deployed MCP URL to .vscode/mcp.json after .env, and only after a successful up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deploy-vscode-'));
    const mcpJson = join(dir, '.vscode', 'mcp.json');
    await deploy(fakeCli(1).run, await envFile(''), { vscodeMcpJson: mcpJson });
    await expect(stat(mcpJson)).rejects.toMatchObject({ code: 'ENOENT' });
    const { code } = await deploy(fakeCli(0).run, await envFile(''), { vscodeMcpJson: mcpJson });
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(mcpJson, 'utf8'))).toEqual({ servers: { 'entra-mcp-dev': { type: 'http', url: OUTPUTS.mcpUrl } } });
  });
});
