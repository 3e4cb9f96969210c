import { describe, expect, it } from 'vitest';
import { FixedWindowRateLimiter } from './fixed-window-rate-limiter.ts';

describe('FixedWindowRateLimiter', () => {
  it('allows limit requests per key and window, then says how long to wait', () => {
    let now = 600_000; // windows are aligned to multiples of their length
    const limiter = new FixedWindowRateLimiter({ limit: 2, windowSeconds: 60 }, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('b')]).toEqual([0, 0, 0]);
    now += 15_000;
    expect(limiter.hit('a')).toBe(45);
    now += 45_000;
    expect(limiter.hit('a')).toBe(0);
  });
});
