import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../shared/env-file.ts';
import { generateSigningKey, signingKeyFromJwk, type SigningKey } from './signing-key.ts';

/** Where `npm run dev` keeps the local provider's signing key (under a git-ignored folder). */
export const DEV_SIGNING_KEY_FILE = '.entra-mcp/local-idp-signing-key.json';

function usable(value: unknown): value is { kty: 'RSA'; n: string; e: string; d: string; p: string; q: string } {
  const jwk = value as Record<string, unknown> | null;
  return jwk !== null && typeof jwk === 'object' && jwk.kty === 'RSA' && ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].every((k) => typeof jwk[k] === 'string');
}

/**
 * The signing key kept in `path` (a private RSA JWK, mode 0600), or a new one written
 * there atomically (its folder 0700). Keeping it across restarts of `npm run dev` keeps
 * the tokens already handed out verifiable; a file that is not such a key is replaced,
 * and `replaced` says so.
 */
export async function loadOrCreateSigningKey(path: string): Promise<{ key: SigningKey; created: boolean; replaced: boolean }> {
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (usable(parsed)) return { key: signingKeyFromJwk(parsed), created: false, replaced: false };
  }
  const key = await generateSigningKey();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const { kid: _kid, use: _use, alg: _alg, ...jwk } = key.privateJwk as Record<string, unknown>;
  await writeFileAtomic(path, `${JSON.stringify(jwk)}\n`, 0o600);
  return { key, created: true, replaced: text !== undefined };
}
