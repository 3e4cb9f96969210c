import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The parameter the front layer sets on `/authorize` when the request asked for
 * `offline_access`. Any value a client sends under this name is removed first.
 */
export const OFFLINE_ACCESS_MARK = 'entra_offline_access';

/**
 * Pure, for the front layer: notes in `params` whether the authorization request asked
 * for `offline_access`, before oidc-provider drops it (see {@link restoreOfflineAccess}).
 */
export function markOfflineAccess(params: URLSearchParams): void {
  params.delete(OFFLINE_ACCESS_MARK);
  if ((params.get('scope') ?? '').split(/\s+/).includes('offline_access')) params.set(OFFLINE_ACCESS_MARK, '1');
}

/**
 * oidc-provider `extraParams` validator for {@link OFFLINE_ACCESS_MARK}. oidc-provider
 * follows OpenID Connect Core §11 and drops `offline_access` from an authorization request
 * without `prompt=consent`, so no refresh token follows; Entra issues one whenever
 * `offline_access` is asked (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, https://learn.microsoft.com/entra/identity-platform/scopes-oidc) and shows
 * no extra prompt for it. Validators run after oidc-provider's scope check and may change
 * parameters (its documented use for defaults), so this puts the scope back.
 */
export function restoreOfflineAccess(ctx: KoaContextWithOIDC, value: string | undefined): void {
  const params = ctx.oidc.params;
  if (value !== '1' || ctx.oidc.route !== 'authorization' || params === undefined) return;
  const scopes = String(params.scope ?? '').split(' ').filter((s) => s !== '');
  if (!scopes.includes('offline_access')) params.scope = [...scopes, 'offline_access'].join(' ');
}
