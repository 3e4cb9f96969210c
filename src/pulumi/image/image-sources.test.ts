import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE, EXCLUDED_SUFFIX, IMAGE_SOURCES, contentTag, type SourceFile } from './image-sources.ts';
import { readImageSources } from './read-image-sources.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const file = (path: string, text: string): SourceFile => ({ path, content: Buffer.from(text) });

describe('contentTag', () => {
  const files = [file('server/src/a.ts', 'a'), file('server/src/b.ts', 'b')];

  it('is the same for the same sources in any order', () => {
    expect(contentTag(files)).toMatch(/^src-[0-9a-f]{16}$/);
    expect(contentTag([...files].reverse())).toBe(contentTag(files));
  });

  it.each([
    ['a changed content', [file('server/src/a.ts', 'A'), file('server/src/b.ts', 'b')]],
    ['a renamed file', [file('server/src/c.ts', 'a'), file('server/src/b.ts', 'b')]],
    ['an added file', [...files, file('server/src/d.ts', '')]],
    ['bytes moved across a file boundary', [file('server/src/a.ts', 'ab'), file('server/src/b.ts', '')]],
  ])('changes for %s', (_, changed) => {
    expect(contentTag(changed)).not.toBe(contentTag(files));
  });
});

describe('the image sources', () => {
  it('are what .dockerignore lets into the build context, tests excluded', async () => {
    const lines = (await readFile(`${ROOT}/.dockerignore`, 'utf8')).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toEqual(['*', ...IMAGE_SOURCES.map((p) => `!${p}`), `**/*${EXCLUDED_SUFFIX}`]);
  });

  it('are read from this checkout: the Dockerfile, the manifests and the server sources, no tests', async () => {
    const paths = (await readImageSources(ROOT)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([DOCKERFILE, 'package-lock.json', 'server/package.json', 'server/src/main.ts']));
    expect(paths.filter((p) => p.endsWith('.test.ts') || !(p === DOCKERFILE || IMAGE_SOURCES.some((s) => p === s || p.startsWith(`${s}/`))))).toEqual([]);
  });
});
