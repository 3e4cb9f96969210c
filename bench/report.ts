/**
 * The benchmark's figures as lines of text, one section at a time, so each section prints as
 * soon as it is measured. Verdicts against the targets only on full runs: a 2-second quick run
 * is too noisy to judge (it once printed MISSED, once auth faster than no auth).
 */

import type { CostFigures } from './verify-cost.ts';

export interface Judge {
  readonly verdicts: boolean;
}

const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

function verdict(judge: Judge, target: string, met: boolean): string {
  return judge.verdicts ? `   (target ${target}: ${met ? 'met' : 'MISSED'})` : '';
}

export function throughputLines(rps: { authOff: number; authOn: number; peer: number }, judge: Judge): string[] {
  const offRatio = ratio(rps.authOn, rps.authOff);
  const peerRatio = ratio(rps.authOn, rps.peer);
  return [
    `tools/list req/s   auth off ${Math.round(rps.authOff)}   auth on ${Math.round(rps.authOn)}   SDK default peer ${Math.round(rps.peer)}`,
    `  auth on / auth off      ${offRatio}×${verdict(judge, '≥ 0.9', offRatio >= 0.9)}`,
    `  auth on / SDK peer      ${peerRatio}×${verdict(judge, '≥ 1.5', peerRatio >= 1.5)}`,
  ];
}

export interface VerifyCost {
  readonly sequential: { readonly verify: CostFigures; readonly raw: CostFigures };
  readonly concurrent32: { readonly verify: CostFigures; readonly raw: CostFigures };
}

export function verifyCostLines(v: VerifyCost, judge: Judge): string[] {
  const c = v.concurrent32;
  const wall = ratio(c.verify.wallUs, c.raw.wallUs);
  return [
    `verification, cache miss  ${c.verify.wallUs} µs vs raw crypto.verify ${c.raw.wallUs} µs at 32 in flight: ${wall}×${verdict(judge, '≤ 2.5', wall <= 2.5)}`,
    `  CPU per op ${c.verify.cpuUs} vs ${c.raw.cpuUs} µs (${ratio(c.verify.cpuUs, c.raw.cpuUs)}×); one at a time ${v.sequential.verify.wallUs} vs ${v.sequential.raw.wallUs} µs (${ratio(v.sequential.verify.wallUs, v.sequential.raw.wallUs)}×)`,
  ];
}

export function floodLines(f: { jwksFetches: number; seconds: number; validOk: number; validTotal: number }, judge: Judge): string[] {
  const met = f.jwksFetches <= 2 && f.validOk === f.validTotal;
  return [`unknown-kid flood         ${f.jwksFetches} JWKS fetch(es) for 1,000 unknown kids in ${f.seconds} s; valid served ${f.validOk}/${f.validTotal}${verdict(judge, '≤ 2, all valid', met)}`];
}

export function memoryLines(m: { rssBeforeMb: number; rssAfterMb: number; initializeRequests: number }, judge: Judge): string[] {
  return [`memory                    ${m.rssBeforeMb} MB → ${m.rssAfterMb} MB after ${m.initializeRequests.toLocaleString('en')} initialize${verdict(judge, '< 200 MB', m.rssAfterMb < 200)}`];
}

/** Proxy mode: one full sign-in against `npm run dev`, beside a direct sign-in at the provider. */
export function proxySignInLines(c: { proxy: { ms: number; requests: number; toServer: number; toIdp: number }; direct: { ms: number; requests: number } }): string[] {
  return [
    `proxy sign-in (npm run dev) ${c.proxy.requests} requests (${c.proxy.toServer} to the server, ${c.proxy.toIdp} to the provider), ${c.proxy.ms} ms median`,
    `  beside a direct sign-in   ${c.direct.requests} requests, ${c.direct.ms} ms: ${ratio(c.proxy.ms, c.direct.ms)}× the time, ${ratio(c.proxy.requests, c.direct.requests)}× the requests`,
  ];
}

/** Proxy mode: verifying the server's own tokens beside Entra's, both on a cache miss. */
export function proxyVerifyLines(v: { sequential: { proxy: CostFigures; entra: CostFigures }; concurrent32: { proxy: CostFigures; entra: CostFigures } }): string[] {
  const c = v.concurrent32;
  return [
    `proxy token verification  ${c.proxy.wallUs} µs vs Entra's ${c.entra.wallUs} µs at 32 in flight: ${ratio(c.proxy.wallUs, c.entra.wallUs)}×`,
    `  CPU per op ${c.proxy.cpuUs} vs ${c.entra.cpuUs} µs (${ratio(c.proxy.cpuUs, c.entra.cpuUs)}×); one at a time ${v.sequential.proxy.wallUs} vs ${v.sequential.entra.wallUs} µs (${ratio(v.sequential.proxy.wallUs, v.sequential.entra.wallUs)}×)`,
  ];
}

/** The targets as booleans, for `--json` on full runs. */
export function targets(f: { rps: { authOff: number; authOn: number; peer: number }; verify: VerifyCost; flood: { jwksFetches: number; validOk: number; validTotal: number }; rssAfterMb: number }) {
  return {
    authOnAtLeast0_9xAuthOff: ratio(f.rps.authOn, f.rps.authOff) >= 0.9,
    authOnAtLeast1_5xPeer: ratio(f.rps.authOn, f.rps.peer) >= 1.5,
    verifyWithin2_5xRaw: ratio(f.verify.concurrent32.verify.wallUs, f.verify.concurrent32.raw.wallUs) <= 2.5,
    floodAtMost2Fetches: f.flood.jwksFetches <= 2 && f.flood.validOk === f.flood.validTotal,
    memoryUnder200Mb: f.rssAfterMb < 200,
  };
}

export { ratio };
