import { describe, expect, test } from 'vitest';
import { planPasswordCleanup } from './plan-password-cleanup.ts';

const day = 86_400_000;
const now = Date.parse('2026-11-22T00:00:00Z');
const pw = (keyId: string, daysAgo: number) => ({ keyId, displayName: `entra-mcp ${keyId}`, startDateTime: new Date(now - daysAgo * day).toISOString() });

describe('planPasswordCleanup', () => {
  const own = [pw('old', 200), pw('new', 0), pw('prev', 90)];
  test('keep 2 (default): the new one and the one it replaces', () => {
    const plan = planPasswordCleanup(own, 'new', { keep: 2, graceDays: 0 }, now);
    expect(plan.keep.map((p) => p.keyId)).toEqual(['new', 'prev']);
    expect(plan.remove.map((p) => p.keyId)).toEqual(['old']);
  });
  test('keep 1: every older one goes', () => {
    expect(planPasswordCleanup(own, 'new', { keep: 1, graceDays: 0 }, now).remove.map((p) => p.keyId)).toEqual(['prev', 'old']);
  });
  test('grace period: an older password stays until its replacement is old enough', () => {
    const plan = planPasswordCleanup(own, 'new', { keep: 1, graceDays: 7 }, now);
    expect(plan.inGrace.map((p) => p.keyId)).toEqual(['prev']); // replaced by `new` today
    expect(plan.remove.map((p) => p.keyId)).toEqual(['old']); // replaced by `prev` 90 days ago
  });
  test('the password in use before this run (by hint) is kept over a newer orphan', () => {
    const withHints = [{ ...pw('inuse', 90), hint: 'abc' }, { ...pw('orphan', 1), hint: 'xyz' }, { ...pw('new', 0), hint: 'new' }];
    const plan = planPasswordCleanup(withHints, 'new', { keep: 2, graceDays: 0 }, now, ['abc']);
    expect(plan.keep.map((p) => p.keyId)).toEqual(['new', 'inuse']);
    expect(plan.remove.map((p) => p.keyId)).toEqual(['orphan']);
  });
  test('the new password is kept even if its start date sorts it elsewhere', () => {
    const skewed = [pw('new', 1), pw('future', -1)];
    expect(planPasswordCleanup(skewed, 'new', { keep: 1, graceDays: 0 }, now).keep.map((p) => p.keyId)).toEqual(['new']);
  });
});
