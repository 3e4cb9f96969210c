import { describe, expect, it } from 'vitest';
import { floodLines, memoryLines, proxySignInLines, proxyVerifyLines, throughputLines, verifyCostLines } from '../../bench/report.ts';

// Figures a noisy 2-second run can produce: auth faster than no auth, a target missed.
const rps = { authOff: 1000, authOn: 1440, peer: 1100 };
const cost = { wallUs: 300, cpuUs: 250 };
const verify = { sequential: { verify: cost, raw: { wallUs: 100, cpuUs: 90 } }, concurrent32: { verify: cost, raw: { wallUs: 100, cpuUs: 90 } } };
const sections = (verdicts: boolean) =>
  [
    throughputLines(rps, { verdicts }),
    verifyCostLines(verify, { verdicts }),
    floodLines({ jwksFetches: 1, seconds: 1.2, validOk: 250, validTotal: 250 }, { verdicts }),
    memoryLines({ rssBeforeMb: 60, rssAfterMb: 90, initializeRequests: 20_000 }, { verdicts }),
  ].map((lines) => lines.join('\n'));

describe('npm run bench report', () => {
  it('--quick: every section reports its figures and no verdict', () => {
    for (const section of sections(false)) {
      expect(section).not.toMatch(/MISSED|met|target/);
      expect(section).toMatch(/\d/);
    }
    expect(sections(false)[0]).toContain('1.44×');
  });

  it('a full run judges each section against its target', () => {
    const [throughput, cost, flood, memory] = sections(true);
    expect(throughput).toContain('1.44×   (target ≥ 0.9: met)');
    expect(throughput).toContain('(target ≥ 1.5: MISSED)');
    expect(cost).toContain('3×   (target ≤ 2.5: MISSED)');
    expect(flood).toContain('(target ≤ 2, all valid: met)');
    expect(memory).toContain('(target < 200 MB: met)');
  });

  it('proxy mode: a sign-in in requests and ms beside a direct one, and its tokens\' verification beside Entra\'s, as ratios', () => {
    const signIn = proxySignInLines({ proxy: { ms: 26, requests: 11, toServer: 7, toIdp: 4 }, direct: { ms: 10, requests: 4 } }).join('\n');
    expect(signIn).toContain('11 requests (7 to the server, 4 to the provider), 26 ms median');
    expect(signIn).toContain('2.6× the time, 2.75× the requests');
    const verifyLines = proxyVerifyLines({ sequential: { proxy: { wallUs: 200, cpuUs: 150 }, entra: { wallUs: 100, cpuUs: 100 } }, concurrent32: { proxy: { wallUs: 150, cpuUs: 150 }, entra: { wallUs: 120, cpuUs: 100 } } }).join('\n');
    expect(verifyLines).toContain("150 µs vs Entra's 120 µs at 32 in flight: 1.25×");
    expect(verifyLines).toContain('one at a time 200 vs 100 µs (2×)');
  });
});
