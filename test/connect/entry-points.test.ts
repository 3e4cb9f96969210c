/** The two entry points start through scripts/check-node.mjs and answer --help from their specs. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run connect / npm run doctor entry points', () => {
  it('package.json starts both through check-node.mjs', () => {
    const scripts = (JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.connect).toBe('node --import ./scripts/check-node.mjs scripts/connect.ts');
    expect(scripts.doctor).toBe('node --import ./scripts/check-node.mjs scripts/doctor.ts');
  });

  it.each([
    ['connect', /^Usage: npm run connect -- <client> \[options\]/],
    ['doctor', /^Usage: npm run doctor -- \[options\]/],
  ])('%s --help', async (name, usage) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', './scripts/check-node.mjs', `scripts/${name}.ts`, '--help'], { cwd: repo });
    expect(stdout).toMatch(usage);
    expect(stdout).toContain('--clients-client-id <id>');
  });
});
