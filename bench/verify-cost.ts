import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { policyFromConfig } from '../server/src/auth/access-token-policy.ts';
import type { SigningKey } from '../server/src/auth/signing-key-store.ts';
import { verifyAccessToken, type KeyLookup } from '../server/src/auth/verify-access-token.ts';
import { loadConfig } from '../server/src/index.ts';
import { CLIENT_ID, type TestIssuer } from '../test/support/test-issuer.ts';

export interface CostFigures {
  /** Wall-clock microseconds per operation. */
  readonly wallUs: number;
  /** Process CPU microseconds per operation (all threads, incl. libuv's pool). */
  readonly cpuUs: number;
}

export async function measure(op: () => unknown, iterations: number, concurrency: number): Promise<CostFigures> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < iterations / concurrency; i++) {
    if (concurrency === 1) await op();
    else await Promise.all(Array.from({ length: concurrency }, op));
  }
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wallUs: (wallMs * 1000) / iterations, cpuUs: (used.user + used.system) / iterations };
}

/**
 * One full verification on a cache miss (header, claims, key lookup, jose signature check)
 * beside a raw `crypto.verify` of the same token's signature, sequentially and 32 at a
 * time, alternating rounds so machine noise hits both alike.
 */
export async function measureVerifyCost(issuer: TestIssuer, iterations: number) {
  const token = await issuer.mint();
  const [h, p, s] = token.split('.') as [string, string, string];
  const keyObject = createPublicKey({ key: issuer.signingKey.jwk as JsonWebKey, format: 'jwk' });
  const key: SigningKey = { kid: issuer.signingKey.kid, key: keyObject, material: '', issuer: undefined };
  const lookup: KeyLookup = { getKey: async () => key, peekKey: () => key, issuer: issuer.issuer, ready: true };
  const policy = policyFromConfig(loadConfig({ AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host }));
  const input = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const nowSeconds = Math.floor(Date.now() / 1000);
  const full = () => verifyAccessToken(token, policy, { v2: lookup, v1: undefined }, nowSeconds);
  const raw = () => {
    if (!verify('sha256', input, keyObject, signature)) throw new Error('raw verify failed');
  };
  const rounds = 5;
  const totals = { seq: { full: [0, 0], raw: [0, 0] }, c32: { full: [0, 0], raw: [0, 0] } };
  for (let r = 0; r < rounds; r++) {
    for (const [mode, concurrency] of [['seq', 1], ['c32', 32]] as const) {
      for (const [name, op] of [['full', full], ['raw', raw]] as const) {
        const m = await measure(op, iterations / rounds, concurrency);
        totals[mode][name][0]! += m.wallUs / rounds;
        totals[mode][name][1]! += m.cpuUs / rounds;
      }
    }
  }
  const fig = (t: number[]): CostFigures => ({ wallUs: round(t[0]!), cpuUs: round(t[1]!) });
  return {
    sequential: { verify: fig(totals.seq.full), raw: fig(totals.seq.raw) },
    concurrent32: { verify: fig(totals.c32.full), raw: fig(totals.c32.raw) },
  };
}

export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
