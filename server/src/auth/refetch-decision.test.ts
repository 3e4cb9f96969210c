import { describe, expect, it } from 'vitest';
import { mayRefetch } from './refetch-decision.ts';

describe('mayRefetch', () => {
  it.each([
    ['never fetched', undefined, 0, 300_000, true],
    ['inside the cooldown', 1_000, 300_999, 300_000, false],
    ['exactly at the cooldown', 1_000, 301_000, 300_000, true],
    ['cooldown 0', 1_000, 1_000, 0, true],
  ] as const)('%s → %s', (_name, lastAttemptAt, now, cooldownMs, expected) => {
    expect(mayRefetch({ lastAttemptAt, now, cooldownMs })).toBe(expected);
  });
});
