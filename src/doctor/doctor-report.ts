import type { Finding } from './finding.ts';

const MARK = { ok: '✅', warn: '⚠️ ', fail: '❌', skip: '– ' } as const;

/** Pure: the report a person reads, one line per finding and its fix under it. */
export function doctorText(findings: readonly Finding[]): string {
  const lines: string[] = [];
  for (const f of findings) {
    const who = f.client === undefined ? '' : `[${f.client}] `;
    const code = f.code === undefined || f.status === 'ok' || f.status === 'skip' ? '' : `${f.code} `;
    lines.push(`${MARK[f.status]} ${f.check}: ${who}${code}${f.summary}`);
    if (f.fix !== undefined && (f.status === 'fail' || f.status === 'warn')) lines.push(`     fix: ${f.fix}`);
  }
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  lines.push('', failed === 0 ? `no problem that stops sign-in${warned === 0 ? '' : ` (${warned} warning${warned === 1 ? '' : 's'})`}` : `${failed} problem${failed === 1 ? '' : 's'} that stop sign-in, ${warned} warning${warned === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** Pure: the `--json` report. */
export function doctorJson(findings: readonly Finding[]): { ok: boolean; findings: readonly Finding[] } {
  return { ok: !findings.some((f) => f.status === 'fail'), findings };
}
