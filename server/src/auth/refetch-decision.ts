/**
 * Pure: whether an unknown `kid` may trigger a JWKS fetch now. Entra rolls keys without notice,
 * so an unknown `kid` is worth one look, but never more than once per cooldown, or a flood of
 * made-up `kid`s would turn the server into a load generator against the authority
 * (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover).
 *
 * @example
 * ```ts
 * mayRefetch({ lastAttemptAt: 0, now: 299_000, cooldownMs: 300_000 }); // false
 * ```
 */
export function mayRefetch(state: { readonly lastAttemptAt: number | undefined; readonly now: number; readonly cooldownMs: number }): boolean {
  return state.lastAttemptAt === undefined || state.now - state.lastAttemptAt >= state.cooldownMs;
}
