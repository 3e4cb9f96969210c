import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DOCKERFILE, EXCLUDED_SUFFIX, IMAGE_SOURCES, type SourceFile } from './image-sources.ts';

async function walk(root: string, path: string): Promise<string[]> {
  const full = join(root, path);
  const entries = await readdir(full, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (entries === undefined) return [path];
  const nested = await Promise.all(entries.map((e) => walk(root, join(path, e.name))));
  return nested.flat();
}

/**
 * Reads the Dockerfile and every file of {@link IMAGE_SOURCES} under `root` (tests left
 * out), with `/`-separated paths, for {@link contentTag}.
 */
export async function readImageSources(root: string): Promise<SourceFile[]> {
  const paths = (await Promise.all([DOCKERFILE, ...IMAGE_SOURCES].map((p) => walk(root, p)))).flat()
    .map((p) => relative(root, join(root, p)).split(sep).join('/'))
    .filter((p) => !p.endsWith(EXCLUDED_SUFFIX));
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(root, path)) })));
}
