import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'oidc-provider';

/**
 * A fresh ES256 key pair for the proxy's tokens, as a private JWK with a `kid`. An
 * asymmetric key of its own, never one derived from a client secret: whoever holds the
 * Entra secret still cannot mint the proxy's tokens. Replicas share keys through
 * configuration (`MCP_PROXY_SIGNING_KEYS`), not by generating their own.
 */
export async function generateProxySigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomUUID(), alg: 'ES256', use: 'sig' } as JWK;
}

/** Pure: the public half of private JWKs (what `/oauth/jwks` shows and the verifier uses). */
export function publicJwks(keys: readonly JWK[]): { keys: Record<string, unknown>[] } {
  const PRIVATE = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);
  return { keys: keys.map((k) => Object.fromEntries(Object.entries(k).filter(([name]) => !PRIVATE.has(name)))) };
}
