import { describe, expect, test } from 'vitest';
import { defaultRetryPolicy, parseRetryAfter, retryDecision } from './retry-policy.ts';

const policy = { ...defaultRetryPolicy, maxAttempts: 4 };
const now = Date.parse('2026-11-22T10:00:00Z');

describe('retryDecision', () => {
  test('429 waits what Retry-After says, even for a POST', () => {
    expect(retryDecision({ status: 429, graphCode: 'TooManyRequests', retryAfter: '7' }, 1, { idempotent: false }, policy, now)).toEqual({ retry: true, delayMs: 7000, reason: 'throttled' });
  });
  test('Retry-After as an HTTP-date', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('garbage', now)).toBeUndefined();
  });
  test('429 without Retry-After backs off exponentially, capped', () => {
    const delays = [1, 2, 3].map((n) => retryDecision({ status: 429 }, n, { idempotent: true }, { ...policy, maxDelayMs: 1500 }, now));
    expect(delays.map((d) => (d.retry ? d.delayMs : -1))).toEqual([500, 1000, 1500]);
  });
  test('a Retry-After beyond the bound is not waited out', () => {
    expect(retryDecision({ status: 429, retryAfter: '600' }, 1, { idempotent: true }, policy, now)).toEqual({ retry: false, exhausted: true, reason: 'throttled', retryAfterMs: 600_000 });
  });
  test('404 Request_ResourceNotFound is retried only for an object created moments ago', () => {
    const failure = { status: 404, graphCode: 'Request_ResourceNotFound' };
    expect(retryDecision(failure, 1, { idempotent: true, retryNotFound: true }, policy, now)).toMatchObject({ retry: true, reason: 'replication-delay' });
    expect(retryDecision(failure, 1, { idempotent: true }, policy, now)).toEqual({ retry: false, exhausted: false });
  });
  test('NoBackingApplicationObject is retried', () => {
    expect(retryDecision({ status: 400, graphCode: 'Request_BadRequest', detailCodes: ['NoBackingApplicationObject'] }, 1, { idempotent: true }, policy, now)).toMatchObject({ retry: true, reason: 'service-principal-replication' });
    expect(retryDecision({ status: 400, graphCode: 'Request_BadRequest', detailCodes: [] }, 1, { idempotent: true }, policy, now)).toMatchObject({ retry: false });
  });
  test('5xx: retried when idempotent; for a POST only a 503 with Retry-After', () => {
    expect(retryDecision({ status: 502 }, 1, { idempotent: true }, policy, now)).toMatchObject({ retry: true, reason: 'transient-server-error' });
    expect(retryDecision({ status: 503 }, 1, { idempotent: false }, policy, now)).toEqual({ retry: false, exhausted: false });
    expect(retryDecision({ status: 503, retryAfter: '2' }, 1, { idempotent: false }, policy, now)).toMatchObject({ retry: true, delayMs: 2000 });
  });
  test('no answer at all: retried only when idempotent', () => {
    expect(retryDecision({}, 1, { idempotent: true }, policy, now)).toMatchObject({ retry: true, reason: 'network-error' });
    expect(retryDecision({}, 1, { idempotent: false }, policy, now)).toMatchObject({ retry: false });
  });
  test('bounded: the last attempt is final', () => {
    expect(retryDecision({ status: 503 }, 4, { idempotent: true }, policy, now)).toEqual({ retry: false, exhausted: true, reason: 'transient-server-error' });
  });
  test('403 and other 4xx are never retried', () => {
    expect(retryDecision({ status: 403, graphCode: 'Authorization_RequestDenied' }, 1, { idempotent: true }, policy, now)).toEqual({ retry: false, exhausted: false });
  });
});
