import type { PasswordCredential } from '@microsoft/microsoft-graph-types';

/** When older passwords go: keep the newest `keep`, and none before its `graceDays` are over. */
export interface CleanupPolicy {
  /** Passwords of ours kept, the new one included (≥ 1). */
  readonly keep: number;
  /** An older password goes only once the password that replaced it is this many days old. */
  readonly graceDays: number;
}

/**
 * 2: the new password and the one it replaces. A server that read the old secret at
 * startup (or a Container App that has not picked up the new Key Vault version yet) keeps
 * working until the next rotation; `--keep 1` removes the old one at once.
 */
export const defaultCleanupPolicy: CleanupPolicy = { keep: 2, graceDays: 0 };

export interface CleanupPlan {
  readonly keep: readonly PasswordCredential[];
  readonly remove: readonly PasswordCredential[];
  /** Kept only because their grace period is not over (subset of `keep`). */
  readonly inGrace: readonly PasswordCredential[];
}

const DAY_MS = 86_400_000;
const started = (p: PasswordCredential) => Date.parse(p.startDateTime ?? '') || 0;

/**
 * Pure: which of our passwords to remove after the new one (`newKeyId`) is proven and saved.
 * `own` are this tool's passwords only (see `ownPasswords`); the new one is always kept, then
 * the ones in use before this run (`inUseHints`: hints of the secrets `.env` held), then the
 * newest. Preferring the in-use one matters after a crash: a password added by a run that
 * died before saving it is held by nobody and must not push out the one servers still use.
 * Stateless on purpose: the grace period is measured from the start of the password that
 * replaced each one, which Graph keeps, so a later run can finish a postponed cleanup.
 *
 * @example
 * ```ts
 * planPasswordCleanup(own, newKeyId, { keep: 1, graceDays: 0 }, Date.now()).remove; // every older password
 * ```
 */
export function planPasswordCleanup(own: readonly PasswordCredential[], newKeyId: string, policy: CleanupPolicy, nowMs: number, inUseHints: readonly string[] = []): CleanupPlan {
  const fresh = own.find((p) => p.keyId === newKeyId);
  const byStart = (a: PasswordCredential, b: PasswordCredential) => started(b) - started(a);
  const others = own.filter((p) => p.keyId !== newKeyId);
  const inUse = others.filter((p) => p.hint != null && inUseHints.includes(p.hint)).sort(byStart);
  const rest = others.filter((p) => !inUse.includes(p)).sort(byStart);
  const ordered = [...(fresh === undefined ? [] : [fresh]), ...inUse, ...rest];
  // The password that replaced `p`: the earliest one of ours that started after it.
  const replacedAt = (p: PasswordCredential) => Math.min(...own.filter((q) => started(q) > started(p)).map(started), nowMs);
  const keep: PasswordCredential[] = [];
  const remove: PasswordCredential[] = [];
  const inGrace: PasswordCredential[] = [];
  ordered.forEach((p, i) => {
    if (i < Math.max(1, policy.keep)) return void keep.push(p);
    if (policy.graceDays > 0 && nowMs - replacedAt(p) < policy.graceDays * DAY_MS) {
      keep.push(p);
      inGrace.push(p);
      return;
    }
    remove.push(p);
  });
  return { keep, remove, inGrace };
}
