import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { errorPage } from './consent-page.ts';
import { PENDING_MODEL, STATE_COOKIE, type PendingUpstream } from './consent-routes.ts';
import { mcpResourceNames } from './mcp-resource-names.ts';
import { IDENTITY_MODEL, type ProxyIdentity, type VerifiedEntraCaller } from './proxy-identity.ts';
import { readCookie, redirect, sameSecret, sendHtml } from './proxy-http-io.ts';
import type { ProxyStore } from './proxy-store.ts';
import { UPSTREAM_CALLBACK_PATH } from './proxy-routes.ts';
import { rememberConsent, rememberCookie } from './remembered-consent.ts';
import { describeUpstreamFailure, type UpstreamEntra } from './upstream-entra.ts';

export interface CallbackSetup {
  readonly provider: Provider;
  readonly store: ProxyStore;
  readonly upstream: UpstreamEntra;
  readonly issuer: string;
  readonly mcpResource: string;
  readonly scopeValue: string;
  readonly refreshTokenTtlSeconds: number;
  readonly verifyEntraAccessToken: (token: string) => Promise<VerifiedEntraCaller>;
  /** Told why a sign-in failed after Entra answered (never with a token). */
  readonly onUpstreamError?: ((reason: string) => void) | undefined;
  /** How long a consent the person asked to remember lasts. */
  readonly rememberConsentSeconds: number;
}

const CLEAR_STATE_COOKIE = `${STATE_COOKIE}=; Path=${UPSTREAM_CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=0`;

/**
 * `GET /oauth/callback`: Entra's redirect back. Checks the state against the cookie set
 * when the person consented, redeems Entra's code with the app's credential, verifies
 * Entra's access token with the server's verifier, then completes the MCP client's
 * authorization: oidc-provider issues the one-time code, with `iss` (RFC 9207).
 */
export function createUpstreamCallbackRoute(setup: CallbackSetup) {
  const { provider, store } = setup;

  /** Records the result on the interaction and sends the browser back to oidc-provider. */
  const finish = async (res: ServerResponse, uid: string, result: InteractionResults, cookies: readonly string[] = []): Promise<void> => {
    const interaction = await provider.Interaction.find(uid);
    if (interaction === undefined) {
      sendHtml(res, 400, errorPage('This sign-in took too long. Start again from your application.'));
      return;
    }
    interaction.result = result;
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    redirect(res, interaction.returnTo, { 'set-cookie': [CLEAR_STATE_COOKIE, ...cookies] });
  };
  const fail = (res: ServerResponse, uid: string, reason: string): Promise<void> => {
    setup.onUpstreamError?.(reason);
    return finish(res, uid, { error: 'access_denied', error_description: 'the sign-in at Microsoft Entra did not succeed' });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', setup.issuer);
    const state = url.searchParams.get('state') ?? undefined;
    if (!sameSecret(state, readCookie(req, STATE_COOKIE))) {
      sendHtml(res, 400, errorPage('This sign-in did not start in this browser (state mismatch). Start again from your application.'));
      return;
    }
    const pending = (await store.take(PENDING_MODEL, state ?? '')) as unknown as PendingUpstream | undefined;
    if (pending === undefined) {
      sendHtml(res, 400, errorPage('This sign-in has expired or was already completed. Start again from your application.'));
      return;
    }
    const entraError = url.searchParams.get('error');
    if (entraError !== null) return fail(res, pending.uid, `Entra answered ${entraError.slice(0, 64)}`);

    // Redeem with the exact redirect URI sent to Entra, whatever Host this request came by.
    const callbackUrl = new URL(`${setup.issuer}${UPSTREAM_CALLBACK_PATH}${url.search}`);
    let caller: VerifiedEntraCaller;
    let refreshToken: string | undefined;
    try {
      const tokens = await setup.upstream.redeem(callbackUrl, { state: state ?? '', codeVerifier: pending.codeVerifier });
      caller = await setup.verifyEntraAccessToken(tokens.accessToken);
      refreshToken = tokens.refreshToken;
    } catch (error) {
      return fail(res, pending.uid, `code redemption or token verification failed: ${describeUpstreamFailure(error)}`);
    }

    // The page was skipped on a consent remembered in this browser: only its person may use it.
    const expected = pending.expectedPerson;
    if (expected !== undefined && (expected.oid !== caller.oid || expected.tid !== caller.tid)) {
      return fail(res, pending.uid, 'Entra signed in another person than the one whose remembered consent skipped the consent page');
    }

    const grant = new provider.Grant({ accountId: caller.oid, clientId: pending.clientId });
    // The scope is in oidc-provider's `scopes` too (clients register with it), so it is granted as both.
    grant.addOIDCScope(`openid offline_access ${setup.scopeValue}`);
    for (const resource of mcpResourceNames(setup.mcpResource)) grant.addResourceScope(resource, setup.scopeValue);
    const grantId = await grant.save();
    const identity: ProxyIdentity = {
      oid: caller.oid,
      tid: caller.tid,
      name: caller.name,
      preferredUsername: caller.preferredUsername,
      scp: caller.scopes.join(' '),
      entraRefreshToken: refreshToken,
      entraExpiresAt: caller.expiresAt,
    };
    // Stored with the grant id, so revoking the grant (code or refresh token reuse) forgets it.
    await store.adapter(IDENTITY_MODEL).upsert(grantId, { ...identity, grantId }, setup.refreshTokenTtlSeconds);
    const cookies: string[] = [];
    if (pending.remember === true) {
      const handle = await rememberConsent(store, caller, pending.clientId, setup.rememberConsentSeconds);
      cookies.push(rememberCookie(handle, setup.rememberConsentSeconds, setup.issuer.startsWith('https:')));
    }
    return finish(res, pending.uid, { login: { accountId: caller.oid }, consent: { grantId } }, cookies);
  };
}
