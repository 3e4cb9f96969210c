import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'oidc-provider';

/** A fresh RS256 signing key: the private JWK for oidc-provider and the public one to publish. */
export interface SigningKey {
  readonly privateJwk: JWK;
  readonly publicJwk: { kty: string; use: string; kid: string; n: string; e: string };
}

/**
 * Makes a new RSA 2048 signing key. The `kid` is a 27-character base64url SHA-1, the
 * shape of Entra's (its `kid` is the certificate's `x5t`). Verifiers find keys by `kid`
 * through discovery, as with Entra's rolling keys.
 */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  return signingKeyFromJwk(await exportJWK(privateKey));
}

/** Pure: the signing key of a private RSA JWK (one generated here, or read back from its file). */
export function signingKeyFromJwk(jwk: JWK | import('jose').JWK): SigningKey {
  const n = String(jwk.n);
  const e = String(jwk.e);
  const kid = createHash('sha1').update(n).digest('base64url');
  return {
    privateJwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } as JWK,
    publicJwk: { kty: 'RSA', use: 'sig', kid, n, e },
  };
}

/**
 * Pure: the JWKS in Entra's shape: each key names its `issuer`
 * (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer). Entra's
 * keys also carry `x5t` and `x5c` (a certificate); the local keys have no certificate,
 * so those two are left out rather than faked.
 */
export function entraJwks(keys: readonly SigningKey['publicJwk'][], issuer: string): { keys: Record<string, string>[] } {
  return { keys: keys.map((k) => ({ ...k, issuer })) };
}
