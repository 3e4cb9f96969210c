/**
 * The `.env` write is atomic: a reader (or a crash) sees the old file or the new one, never
 * a half-written one, and a failure leaves no temporary file behind. The file system is the
 * real one; only the faults are injected, by wrapping `node:fs/promises`.
 */
import { link, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mergeEnvText, updateEnvFile, writeFileAtomic } from './env-file.ts';

type Fault = 'none' | 'disk-full-mid-write' | 'crash-before-rename';
const fault = vi.hoisted(() => ({ kind: 'none' as 'none' | 'disk-full-mid-write' | 'crash-before-rename' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  // Writes the first half of `data`, then fails, as a full disk (or a crash) mid-write would.
  const halfThenFail = async (write: (half: string) => Promise<unknown>, data: unknown) => {
    const text = String(data);
    await write(text.slice(0, Math.floor(text.length / 2)));
    throw enospc();
  };
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (fault.kind !== 'disk-full-mid-write') return handle;
      return new Proxy(handle, {
        get(target, property) {
          if (property === 'writeFile') return (data: unknown) => halfThenFail((half) => target.write(half), data);
          const value = Reflect.get(target, property) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
    writeFile: async (...args: Parameters<typeof real.writeFile>) => {
      if (fault.kind === 'disk-full-mid-write') return halfThenFail((half) => real.writeFile(args[0], half), args[1]);
      return real.writeFile(...args);
    },
    rename: async (...args: Parameters<typeof real.rename>) => {
      if (fault.kind === 'crash-before-rename') throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      return real.rename(...args);
    },
  };
});

afterEach(() => {
  fault.kind = 'none';
});

const OLD = `# kept\n${'AZURE_CLIENT_ID=11111111-1111-1111-1111-111111111111\n'.repeat(50)}`;
const NEW_SECRET = 'Abc8Q~' + 'x'.repeat(4000);

async function envWithOld(): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'env-atomic-'));
  const path = join(dir, '.env');
  await writeFile(path, OLD, { mode: 0o600 });
  return { dir, path };
}

describe('writeFileAtomic / updateEnvFile', () => {
  it('replaces the file, never writes into it: a hard link to the old file still holds the old content', async () => {
    const { dir, path } = await envWithOld();
    // A reader that opened the old file sees what a hard link sees: the old inode's content.
    await link(path, join(dir, 'old-link'));
    await updateEnvFile(path, { AZURE_CLIENT_SECRET: NEW_SECRET });
    expect(await readFile(join(dir, 'old-link'), 'utf8')).toBe(OLD);
    expect(await readFile(path, 'utf8')).toBe(mergeEnvText(OLD, { AZURE_CLIENT_SECRET: NEW_SECRET }));
  });

  it.each<[Fault, string]>([
    ['disk-full-mid-write', 'ENOSPC'],
    ['crash-before-rename', 'EIO'],
  ])('%s: the failure is reported, the target keeps the old content whole, no temporary file is left', async (kind, code) => {
    const { dir, path } = await envWithOld();
    fault.kind = kind;
    await expect(updateEnvFile(path, { AZURE_CLIENT_SECRET: NEW_SECRET })).rejects.toMatchObject({ code });
    fault.kind = 'none';
    expect(await readFile(path, 'utf8')).toBe(OLD);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('a new file gets mode 0600 whatever the umask, and no temporary file stays', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'env-atomic-'));
    const path = join(dir, '.env');
    const umask = process.umask(0o000);
    try {
      await writeFileAtomic(path, 'A=1\n');
    } finally {
      process.umask(umask);
    }
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['.env']);
  });
});
