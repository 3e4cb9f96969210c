import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface SigningKey {
  readonly kid: string;
  readonly key: KeyObject;
  /** The public key material (JWK parameters), so a refresh can tell a re-keyed `kid`. */
  readonly material: string;
  /** Entra's per-key `issuer` (may hold the `{tenantid}` template): the issuer this key may sign for. */
  readonly issuer: string | undefined;
}

/**
 * Pure: one entry of a JWKS `keys` array as a verification key, or the reason it is not one
 * (a string safe to log). An unusable entry costs only itself, never the rest of the set.
 */
export function importJwk(entry: unknown): SigningKey | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `not a JSON object (${entry === null ? 'null' : typeof entry})`;
  const jwk = entry as Record<string, unknown>;
  const kid = jwk['kid'];
  if (typeof kid !== 'string' || kid === '') return 'no kid';
  const label = `kid ${JSON.stringify(kid.slice(0, 64))}`;
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return `${label}: use is not sig`;
  if (jwk['kty'] !== 'RSA' && jwk['kty'] !== 'EC') return `${label}: kty is not RSA or EC`;
  try {
    // Only the public parameters are imported: `x5c`, `x5u` and the like are never used.
    const params = jwk['kty'] === 'RSA' ? { kty: 'RSA', n: jwk['n'], e: jwk['e'] } : { kty: 'EC', crv: jwk['crv'], x: jwk['x'], y: jwk['y'] };
    const key = createPublicKey({ key: params as JsonWebKey, format: 'jwk' });
    const issuer = typeof jwk['issuer'] === 'string' ? jwk['issuer'] : undefined;
    return { kid, key, material: `${JSON.stringify(params)}|${issuer ?? ''}`, issuer };
  } catch {
    return `${label}: not a valid public key`;
  }
}
