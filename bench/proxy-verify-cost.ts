import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { importJWK, SignJWT } from 'jose';
import { policyFromConfig } from '../server/src/auth/access-token-policy.ts';
import type { SigningKey } from '../server/src/auth/signing-key-store.ts';
import { verifyAccessToken, type KeyLookup } from '../server/src/auth/verify-access-token.ts';
import { loadConfig } from '../server/src/index.ts';
import { createMemoryProxyStore } from '../server/src/proxy/memory-proxy-store.ts';
import { generateProxySigningKey, publicJwks } from '../server/src/proxy/proxy-signing-key.ts';
import { createProxyTokenVerifier } from '../server/src/proxy/verify-proxy-access-token.ts';
import { CLIENT_ID, type TestIssuer } from '../test/support/test-issuer.ts';
import { measure, round, type CostFigures } from './verify-cost.ts';

/** Both verifications on a cache miss, side by side. */
export interface ProxyVerifyCost {
  readonly sequential: { readonly proxy: CostFigures; readonly entra: CostFigures };
  readonly concurrent32: { readonly proxy: CostFigures; readonly entra: CostFigures };
}

/**
 * The verification cost of the server's own tokens (proxy mode: ES256 `at+jwt`, issuer and
 * audience the server, plus the grant lookup that makes revocation work) beside Entra's
 * (RS256, the full `verifyAccessToken`), in one run, alternating rounds so machine noise
 * hits both alike. The grant lives in the in-memory store (one instance).
 */
export async function measureProxyVerifyCost(issuer: TestIssuer, iterations: number): Promise<ProxyVerifyCost> {
  // Entra's side, exactly as measureVerifyCost does it.
  const entraToken = await issuer.mint();
  const keyObject = createPublicKey({ key: issuer.signingKey.jwk as JsonWebKey, format: 'jwk' });
  const key: SigningKey = { kid: issuer.signingKey.kid, key: keyObject, material: '', issuer: undefined };
  const lookup: KeyLookup = { getKey: async () => key, peekKey: () => key, issuer: issuer.issuer, ready: true };
  const policy = policyFromConfig(loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host }));
  const nowSeconds = Math.floor(Date.now() / 1000);
  const entra = () => verifyAccessToken(entraToken, policy, { v2: lookup, v1: undefined }, nowSeconds);

  // The proxy's side: a token shaped as the proxy issues it (see proxyProviderConfiguration's extraTokenClaims).
  const origin = 'http://localhost:8000';
  const signingKey = await generateProxySigningKey();
  const store = createMemoryProxyStore();
  const grantId = randomUUID();
  await store.adapter('Grant').upsert(grantId, { accountId: 'oid' }, 3600);
  const proxyToken = await new SignJWT({ client_id: 'bench-client', azp: 'bench-client', oid: randomUUID(), tid: issuer.tenant, scp: 'access_as_user', gid: grantId, name: 'Adele Vance' })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: String(signingKey.kid) })
    .setIssuer(origin)
    .setAudience(`${origin}/mcp`)
    .setSubject('pairwise-sub')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(await importJWK(signingKey as never, 'ES256'));
  const verifyProxy = createProxyTokenVerifier({ issuer: origin, mcpResource: `${origin}/mcp`, jwks: publicJwks([signingKey]) as never, algorithms: ['ES256'], clockSkewSeconds: 60, store, now: Date.now });
  const proxy = () => verifyProxy(proxyToken);

  const rounds = 5;
  const totals = { seq: { proxy: [0, 0], entra: [0, 0] }, c32: { proxy: [0, 0], entra: [0, 0] } };
  for (let r = 0; r < rounds; r++) {
    for (const [mode, concurrency] of [['seq', 1], ['c32', 32]] as const) {
      for (const [name, op] of [['proxy', proxy], ['entra', entra]] as const) {
        const m = await measure(op, iterations / rounds, concurrency);
        totals[mode][name][0]! += m.wallUs / rounds;
        totals[mode][name][1]! += m.cpuUs / rounds;
      }
    }
  }
  const fig = (t: number[]): CostFigures => ({ wallUs: round(t[0]!), cpuUs: round(t[1]!) });
  return { sequential: { proxy: fig(totals.seq.proxy), entra: fig(totals.seq.entra) }, concurrent32: { proxy: fig(totals.c32.proxy), entra: fig(totals.c32.entra) } };
}
