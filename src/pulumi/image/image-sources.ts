import { createHash } from 'node:crypto';

/**
 * What the server image is built from, relative to the repository root: the files
 * server/Dockerfile copies, and the Dockerfile itself. `.dockerignore` lets in exactly these
 * paths (a test keeps the two equal), so the tag below and the build context agree.
 */
export const IMAGE_SOURCES = ['package.json', 'package-lock.json', 'server/package.json', 'server/src'] as const;
/** The Dockerfile, relative to the repository root (also the build context). */
export const DOCKERFILE = 'server/Dockerfile';
/** Files under the sources that never reach the image (`.dockerignore` drops them too). */
export const EXCLUDED_SUFFIX = '.test.ts';

/** One file that goes into the image, with its path relative to the repository root. */
export interface SourceFile {
  readonly path: string;
  readonly content: Uint8Array;
}

/**
 * Pure: the image tag for these sources, `src-` and 16 hex digits of a SHA-256 over every
 * path and content in path order. The same sources give the same tag whatever order they
 * were read in, so an unchanged server keeps its tag (and `pulumi up` neither rebuilds nor
 * rolls out a revision); any change to a file, a name or the set of files gives a new one.
 *
 * @example
 * contentTag([{ path: 'server/src/main.ts', content: Buffer.from('...') }]); // 'src-3f1c…'
 */
export function contentTag(files: readonly SourceFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    // Lengths first, so no two different file sets can be concatenated into the same bytes.
    hash.update(`${Buffer.byteLength(file.path)}:${file.path}:${file.content.byteLength}:`);
    hash.update(file.content);
  }
  return `src-${hash.digest('hex').slice(0, 16)}`;
}
