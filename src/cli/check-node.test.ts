/**
 * Every entry point is started with `--import ./scripts/check-node.mjs`, so a Node that cannot
 * run TypeScript prints one line saying what to run instead, not ERR_UNKNOWN_FILE_EXTENSION
 * and a stack trace. `--no-experimental-strip-types` stands in for the system Node 20 here.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, args, { cwd: repo, env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe('scripts/check-node.mjs', () => {
  it('without type stripping: one line naming the npm script to run, exit 1, nothing else runs', async () => {
    const r = await run(['--no-experimental-strip-types', '--import', './scripts/check-node.mjs', 'scripts/rotate-secret.ts', '--help'], { npm_lifecycle_event: 'rotate-secret' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `entra-mcp: Node ${process.version} cannot run TypeScript files (needs Node 22.18 or later, type stripping on). Run \`npm run rotate-secret\` instead: it uses the Node 22 that \`npm ci\` installs into node_modules.\n`,
    );
  });

  it('names the command from the file when not run through npm', async () => {
    const r = await run(['--no-experimental-strip-types', '--import', './scripts/check-node.mjs', 'scripts/env-pull.ts']);
    expect(r.stderr).toContain('Run `npm run env:pull` instead');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('on Node 22 it lets the command run', async () => {
    const r = await run(['--import', './scripts/check-node.mjs', 'scripts/register-app.ts', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run register-app -- \[options\]/);
  });

  it('package.json starts the commands of this area through it', () => {
    const scripts = (JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [name, file] of [['register-app', 'register-app'], ['rotate-secret', 'rotate-secret'], ['env:pull', 'env-pull']]) {
      expect(scripts[name as string]).toBe(`node --import ./scripts/check-node.mjs scripts/${file}.ts`);
    }
  });
});
