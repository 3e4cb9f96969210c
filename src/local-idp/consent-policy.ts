import type { Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { ConsentStore } from './consent-store.ts';
import { OIDC_SCOPE_SET } from './entra-scopes.ts';
import type { LocalClient } from './local-clients.ts';

/** Requested scopes of the current authorization, split into OIDC and API ones. */
export function requestedScopes(ctx: KoaContextWithOIDC): { oidc: string[]; api: string[] } {
  const all = String(ctx.oidc.params?.scope ?? '').split(' ').filter((s) => s !== '');
  return { oidc: all.filter((s) => OIDC_SCOPE_SET.has(s)), api: all.filter((s) => !OIDC_SCOPE_SET.has(s)) };
}

/**
 * oidc-provider's `loadExistingGrant`, deciding consent as Entra does: never asked of a
 * client the API lists in `preAuthorizedApplications`, asked once per user and client
 * otherwise and remembered across sessions (Entra keeps an oauth2PermissionGrant, not a
 * browser session). Returning no grant, or one missing scopes, makes oidc-provider show
 * the consent prompt.
 */
export function entraConsentPolicy(clients: readonly LocalClient[], consents: ConsentStore, resourceIndicator: string) {
  return async (ctx: KoaContextWithOIDC): Promise<Grant | undefined> => {
    const client = clients.find((c) => c.clientId === ctx.oidc.client?.clientId);
    const accountId = ctx.oidc.session?.accountId;
    if (client === undefined || accountId === undefined) return undefined;
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(client.clientId);
    const existing = grantId === undefined ? undefined : await ctx.oidc.provider.Grant.find(grantId);
    if (!client.preAuthorized && !consents.has(accountId, client.clientId)) return existing;
    const grant = existing ?? new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId });
    const { oidc, api } = requestedScopes(ctx);
    if (oidc.length > 0) grant.addOIDCScope(oidc.join(' '));
    if (api.length > 0) grant.addResourceScope(resourceIndicator, api.join(' '));
    await grant.save();
    return grant;
  };
}
