import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';

/** The keys a single proxy-mode instance keeps across restarts (docs/proxy-mode.md, Settings). */
export const PROXY_KEY_NAMES = ['MCP_PROXY_SIGNING_KEYS', 'MCP_PROXY_COOKIE_KEYS'] as const;
export type ProxyKeyName = (typeof PROXY_KEY_NAMES)[number];

/**
 * Fresh values for the proxy's keys that `isSet` says are missing, and only those: a re-run
 * must not rotate a key, or every signed-in client is signed out (tokens and cookies no longer verify).
 * `MCP_PROXY_SIGNING_KEYS` is a JWKS with one private ES256 key (`kid`, `alg`, `use`), as the
 * server's loader wants; `MCP_PROXY_COOKIE_KEYS` one key of 32 random bytes (43 characters, the loader asks 32+).
 */
export async function missingProxyKeys(isSet: (name: ProxyKeyName) => boolean): Promise<Partial<Record<ProxyKeyName, string>>> {
  const out: Partial<Record<ProxyKeyName, string>> = {};
  if (!isSet('MCP_PROXY_SIGNING_KEYS')) {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    out.MCP_PROXY_SIGNING_KEYS = JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'ES256', use: 'sig' }] });
  }
  if (!isSet('MCP_PROXY_COOKIE_KEYS')) out.MCP_PROXY_COOKIE_KEYS = randomBytes(32).toString('base64url');
  return out;
}
