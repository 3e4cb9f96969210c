import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeEnvText, readEnvFile, updateEnvFile } from './env-file.ts';

describe('mergeEnvText', () => {
  it('replaces keys in place, appends new ones and keeps unrelated lines and comments', () => {
    const before = '# mine\nFOO=1\nAZURE_CLIENT_ID=old\nBAR="x y"\n';
    const after = mergeEnvText(before, { AZURE_CLIENT_ID: 'new', AZURE_TENANT_ID: 't' });
    expect(after).toBe('# mine\nFOO=1\nAZURE_CLIENT_ID=new\nBAR="x y"\nAZURE_TENANT_ID=t\n');
  });

  it('removes a key given undefined and drops later duplicates of an updated key', () => {
    expect(mergeEnvText('A=1\nB=2\nA=3\n', { A: '9', B: undefined })).toBe('A=9\n');
  });

  it('quotes values that need it so they parse back unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'envfile-'));
    const path = join(dir, '.env');
    const tricky = 'a b"c\\d#e\'s';
    await updateEnvFile(path, { SECRET: tricky, PLAIN: 'https://x.example/y' });
    expect(await readEnvFile(path)).toEqual({ SECRET: tricky, PLAIN: 'https://x.example/y' });
  });

  it('refuses a value with a line break rather than corrupting the file', () => {
    expect(() => mergeEnvText('', { A: 'x\nB=evil' })).toThrow(/line break/);
  });
});

describe('updateEnvFile', () => {
  it('writes with mode 0600 and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'envfile-'));
    const path = join(dir, '.env');
    await writeFile(path, 'KEEP=me\n', { mode: 0o644 });
    await updateEnvFile(path, { AZURE_TENANT_ID: 'tenant' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('KEEP=me\nAZURE_TENANT_ID=tenant\n');
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('leaves the old file untouched when the update fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'envfile-'));
    const path = join(dir, '.env');
    await writeFile(path, 'KEEP=me\n');
    await expect(updateEnvFile(path, { BAD: 'a\nb' })).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('KEEP=me\n');
    expect(await readdir(dir)).toEqual(['.env']);
  });
});
