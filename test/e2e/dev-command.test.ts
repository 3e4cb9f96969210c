import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, runCommand, type CommandIo } from '../../src/cli/index.ts';
import { devCommand, runDev } from '../../src/local-idp/dev-command.ts';
import { DEV_SIGNING_KEY_FILE } from '../../src/local-idp/persisted-signing-key.ts';

// `npm run dev` run in-process through the command framework, in a scratch directory.
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'dev-cmd-'));
});
afterEach(() => rm(cwd, { recursive: true, force: true }));

/** An io whose stdout resolves `ready` once the banner is out, and whose signal the test aborts. */
function devIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stop = new AbortController();
  let announce: () => void = () => undefined;
  const ready = new Promise<void>((done) => (announce = done));
  const io: CommandIo = {
    cwd,
    env: { LOG_LEVEL: 'silent', ...env },
    stdout: (t) => {
      out.push(t);
      if (t.includes('dev stack ready')) announce();
    },
    stderr: (t) => err.push(t),
    signal: stop.signal,
  };
  return { io, out, err, stop, ready };
}

describe('npm run dev (command)', () => {
  it('starts, prints the banner, writes .env and the key file, and on stop restores .env', async () => {
    await writeFile(join(cwd, '.env'), 'LOG_LEVEL=debug\n');
    const { io, out, stop, ready } = devIo();
    const status = runCommand(devCommand, ['--port', '0', '--idp-port', '0'], io, runDev);
    await ready;
    const banner = out.join('');
    expect(banner).toMatch(/MCP server\s+http:\/\/localhost:\d+\/mcp/);
    expect(banner).toContain(`new, kept in ${join(cwd, DEV_SIGNING_KEY_FILE)}`);
    expect(await readFile(join(cwd, '.env'), 'utf8')).toMatch(/^MCP_SERVER_URL=http:\/\/localhost:\d+$/m);
    expect((await stat(join(cwd, DEV_SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    stop.abort();
    expect(await status).toBe(EXIT.ok);
    expect(out.join('')).toContain('restored');
    expect(await readFile(join(cwd, '.env'), 'utf8')).toBe('LOG_LEVEL=debug\n');
  });

  it('a second run keeps the signing key and says so', async () => {
    for (const expected of ['new, kept in', 'kept in']) {
      const { io, out, stop, ready } = devIo();
      const status = runCommand(devCommand, ['--port', '0', '--idp-port', '0', '--no-env-file'], io, runDev);
      await ready;
      expect(out.join('')).toContain(`signing key        ${expected}`);
      stop.abort();
      await status;
    }
  });

  it('a bad port is a usage error naming the flag and the variable, exit 2, nothing started', async () => {
    const { io, err } = devIo({ PORT: 'eighty' });
    expect(await runCommand(devCommand, [], io, runDev)).toBe(EXIT.usage);
    expect(err.join('')).toMatch(/^npm run dev: error \[USAGE\]: --port \(or PORT\) must be a port number \(0-65535\), got "eighty"/);
    await expect(stat(join(cwd, DEV_SIGNING_KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('--help comes from the spec', async () => {
    const { io, out } = devIo();
    expect(await runCommand(devCommand, ['--help'], io, runDev)).toBe(EXIT.ok);
    expect(out.join('')).toMatch(/^Usage: npm run dev -- \[options\]/);
    expect(out.join('')).toContain('--no-env-file');
  });
});
