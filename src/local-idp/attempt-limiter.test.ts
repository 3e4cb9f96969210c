import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.ts';

describe('AttemptLimiter', () => {
  it('allows max attempts per window and key, then refuses until the window ends', () => {
    let t = 0;
    const limiter = new AttemptLimiter({ max: 2, windowMs: 60_000, now: () => t });
    expect([limiter.attempt('a').allowed, limiter.attempt('a').allowed, limiter.attempt('a').allowed]).toEqual([true, true, false]);
    expect(limiter.attempt('b').allowed).toBe(true);
    t = 45_000;
    expect(limiter.attempt('a')).toEqual({ allowed: false, retryAfterSeconds: 15 });
    t = 60_000;
    expect(limiter.attempt('a').allowed).toBe(true);
  });

  it('remembers at most maxKeys addresses (a flood of addresses cannot grow it)', () => {
    const limiter = new AttemptLimiter({ max: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    limiter.attempt('a');
    limiter.attempt('b');
    limiter.attempt('c'); // forgets a, the oldest
    expect(limiter.attempt('a').allowed).toBe(true);
    expect(limiter.attempt('c').allowed).toBe(false);
  });
});
