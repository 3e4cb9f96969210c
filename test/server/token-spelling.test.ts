import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeParams, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ LOG_LEVEL: 'silent' });
});
afterAll(() => h.close());

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes spelt differently: flip the lowest (unused) bit of the last character. */
function respell(segment: string): string {
  const unusedBits = segment.length % 4 === 2 ? 4 : segment.length % 4 === 3 ? 2 : 0;
  if (unusedBits === 0) throw new Error('this segment length has no unused bits');
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + ALPHABET[last ^ 1]!;
}

describe('one token, one spelling (signature malleability)', () => {
  it('the RS256 signature (256 bytes: 4 unused bits) spelt with a non-zero unused bit decodes to the same bytes', async () => {
    const [head, body, sig] = (await h.issuer.mint()).split('.') as [string, string, string];
    const other = respell(sig);
    expect(Buffer.from(other, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(other).not.toBe(sig);
    const res = await h.mcp(`${head}.${body}.${other}`);
    expect(res.status).toBe(401);
    const params = challengeParams(res.headers.get('www-authenticate'));
    expect(params['error']).toBe('invalid_token');
    expect(params['error_description']).toMatch(/not canonical base64url/);
    // The canonical spelling itself still works.
    expect((await h.mcp(`${head}.${body}.${sig}`)).status).toBe(200);
  });

  it.each([
    ['padding', (s: string) => `${s}==`],
    ['a standard-base64 character', (s: string) => `+${s.slice(1)}`],
  ])('a signature with %s is refused as invalid_token', async (_name, spoil) => {
    const [head, body, sig] = (await h.issuer.mint()).split('.') as [string, string, string];
    const res = await h.mcp(`${head}.${body}.${spoil(sig)}`);
    expect(res.status).toBe(401);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('invalid_token');
  });
});
