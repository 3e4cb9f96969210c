import { describe, expect, it } from 'vitest';
import { CommandError, EXIT } from './command-error.ts';
import type { CommandIo } from './command-io.ts';
import { helpText, type CommandSpec, type FlagSpecs } from './define-command.ts';
import { runCommand } from './run-command.ts';

const spec = {
  name: 'npm run example',
  summary: 'Does an example thing.',
  json: true,
  flags: {
    tenant: { type: 'string', valueName: 'id', description: 'the tenant' },
    'dry-run': { type: 'boolean', description: 'change nothing' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

function captureIo(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd: '/', env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), out, err };
}

describe('runCommand', () => {
  it('passes parsed flags to the body and returns its status', async () => {
    const io = captureIo();
    let seen: unknown;
    const status = await runCommand(spec, ['--tenant', 't1', '--dry-run'], io, async ({ values }) => {
      seen = values;
      return EXIT.ok;
    });
    expect(status).toBe(0);
    expect(seen).toMatchObject({ tenant: 't1', 'dry-run': true });
  });

  it('answers --help and -h with text generated from the flags, running nothing', async () => {
    for (const flag of ['--help', '-h']) {
      const io = captureIo();
      let ran = false;
      expect(await runCommand(spec, [flag], io, async () => void (ran = true))).toBe(0);
      expect(ran).toBe(false);
      expect(io.out.join('')).toBe(helpText(spec));
    }
    expect(helpText(spec)).toMatch(/^Usage: npm run example -- \[options\]/);
    expect(helpText(spec)).toContain('--tenant <id>');
    expect(helpText(spec)).toContain('--json');
  });

  it('an unknown flag is a one-line usage error, exit 2, pointing at --help', async () => {
    const io = captureIo();
    expect(await runCommand(spec, ['--tenantt', 'x'], io, async () => undefined)).toBe(EXIT.usage);
    const text = io.err.join('');
    expect(text).toMatch(/^npm run example: error \[USAGE\]: Unknown option '--tenantt'/);
    expect(text).toContain('npm run example -- --help');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('reports a failure in the one format, with advice, exit 1; under --json also as JSON on stdout', async () => {
    const fail = async (): Promise<never> => {
      throw new CommandError('SIGN_IN_REQUIRED', 'no Azure CLI sign-in', ['Run az login.']);
    };
    const io = captureIo();
    expect(await runCommand(spec, [], io, fail)).toBe(EXIT.failed);
    expect(io.err.join('')).toBe('npm run example: error [SIGN_IN_REQUIRED]: no Azure CLI sign-in\n  what to do: Run az login.\n');
    expect(io.out).toEqual([]);
    const jsonIo = captureIo();
    await runCommand(spec, ['--json'], jsonIo, fail);
    expect(JSON.parse(jsonIo.out.join(''))).toEqual({ ok: false, error: { code: 'SIGN_IN_REQUIRED', message: 'no Azure CLI sign-in', advice: ['Run az login.'] } });
  });

  it('settings errors exit 2 and cancellation 130', async () => {
    expect(await runCommand(spec, [], captureIo(), async () => { throw new CommandError('INVALID_SETTINGS', 'AZURE_TENANT_ID is required'); })).toBe(EXIT.usage);
    expect(await runCommand(spec, [], captureIo(), async () => { throw new CommandError('CANCELLED', 'stopped'); })).toBe(EXIT.cancelled);
  });

  it('progress goes to stdout for a person and to stderr under --json', async () => {
    const person = captureIo();
    await runCommand(spec, [], person, async ({ progress }) => progress('working'));
    expect(person.out).toEqual(['working\n']);
    const machine = captureIo();
    await runCommand(spec, ['--json'], machine, async ({ progress }) => progress('working'));
    expect(machine.out).toEqual([]);
    expect(machine.err).toEqual(['working\n']);
  });

  it('a failure after Ctrl-C (the io signal aborted) is reported as CANCELLED, exit 130', async () => {
    const stop = new AbortController();
    const io = { ...captureIo(), signal: stop.signal };
    const status = await runCommand(spec, [], io, async () => {
      stop.abort();
      throw new TypeError('This operation was aborted');
    });
    expect(status).toBe(EXIT.cancelled);
    expect(io.err.join('')).toBe('npm run example: error [CANCELLED]: stopped (Ctrl-C) before it finished\n');
  });
});
