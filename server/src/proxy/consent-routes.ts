import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import * as client from 'openid-client';
import { consentPage, errorPage } from './consent-page.ts';
import { pageHeaders, readBody, readCookie, redirect, sameSecret, sendHtml } from './proxy-http-io.ts';
import type { ProxyStore } from './proxy-store.ts';
import { UPSTREAM_CALLBACK_PATH } from './proxy-routes.ts';
import { findRememberedConsent, REMEMBER_COOKIE, type ConsentingPerson } from './remembered-consent.ts';
import type { UpstreamEntra } from './upstream-entra.ts';

/** Store models of the consent step. */
export const CSRF_MODEL = 'ProxyConsentCsrf';
export const PENDING_MODEL = 'ProxyUpstreamAuthorization';
/** The cookie binding Entra's redirect to the browser that consented (state-mismatch defence). */
export const STATE_COOKIE = 'proxy_upstream_state';
const PENDING_TTL_SECONDS = 600;

export interface ConsentSetup {
  readonly provider: Provider;
  readonly store: ProxyStore;
  readonly upstream: UpstreamEntra;
  readonly issuer: string;
  readonly mcpResource: string;
}

/** The pending Entra sign-in, kept under the state the proxy sent to Entra. */
export interface PendingUpstream {
  readonly uid: string;
  readonly clientId: string;
  readonly codeVerifier: string;
  /** The person ticked "remember": the callback records the consent. */
  readonly remember?: boolean;
  /** The page was skipped on a remembered consent: Entra must sign in this person. */
  readonly expectedPerson?: ConsentingPerson;
}

/**
 * `GET|POST /oauth/consent/{uid}`: the consent page, then (on "Allow") the redirect to
 * Entra with the proxy's own state and PKCE. The interaction itself is bound to the
 * browser by oidc-provider's interaction cookie; the form also carries a one-time CSRF
 * token kept server-side. A consent the person asked to remember skips the page for the
 * same client in the same browser (remembered-consent.ts), unless the client asks for
 * consent (`prompt=consent`).
 */
export function createConsentRoute(setup: ConsentSetup) {
  const { provider, store } = setup;
  const secure = setup.issuer.startsWith('https:');
  const headers = pageHeaders();

  /** The redirect to Entra with the proxy's own state and PKCE, bound to this browser by a cookie. */
  const toEntra = async (res: ServerResponse, details: { params: Record<string, unknown> }, pending: Omit<PendingUpstream, 'codeVerifier'>): Promise<void> => {
    const state = client.randomState();
    const codeVerifier = client.randomPKCECodeVerifier();
    await store.adapter(PENDING_MODEL).upsert(state, { ...pending, codeVerifier }, PENDING_TTL_SECONDS);
    const prompt = details.params['entra_prompt'];
    const loginHint = details.params['login_hint'];
    const target = setup.upstream.authorizationUrl({
      redirectUri: `${setup.issuer}${UPSTREAM_CALLBACK_PATH}`,
      state,
      codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier),
      prompt: typeof prompt === 'string' ? prompt : undefined,
      loginHint: typeof loginHint === 'string' ? loginHint : undefined,
    });
    // SameSite=Lax: sent on Entra's top-level redirect back, not on cross-site subrequests.
    const cookie = `${STATE_COOKIE}=${state}; Path=${UPSTREAM_CALLBACK_PATH}; HttpOnly; SameSite=Lax; Max-Age=${PENDING_TTL_SECONDS}${secure ? '; Secure' : ''}`;
    redirect(res, target.href, { 'set-cookie': cookie });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, errorPage('This sign-in has expired, or the browser did not send its cookie. Start again from your application.'));
      return;
    }
    const clientId = String(details.params['client_id']);
    const csrfStore = store.adapter(CSRF_MODEL);
    if (req.method === 'GET') {
      // A client asking for consent (prompt=consent, passed on as entra_prompt) always gets the page.
      const askedForConsent = String(details.params['entra_prompt'] ?? '').split(' ').includes('consent');
      const remembered = askedForConsent ? undefined : await findRememberedConsent(store, readCookie(req, REMEMBER_COOKIE), clientId);
      if (remembered !== undefined) return toEntra(res, details, { uid: details.uid, clientId, expectedPerson: remembered });
      const found = await provider.Client.find(clientId);
      const csrfToken = randomBytes(32).toString('base64url');
      await csrfStore.upsert(details.uid, { csrf: csrfToken }, PENDING_TTL_SECONDS);
      const meta: Record<string, unknown> = found?.metadata() ?? {};
      const page = consentPage({
        clientId,
        clientName: typeof meta['client_name'] === 'string' ? meta['client_name'] : undefined,
        clientUri: typeof meta['client_uri'] === 'string' ? meta['client_uri'] : undefined,
        redirectUri: String(details.params['redirect_uri']),
        action: `/oauth/consent/${details.uid}`,
        csrfToken,
        resource: setup.mcpResource,
      });
      sendHtml(res, 200, page, headers);
      return;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, errorPage('Use the form on the consent page.'), { ...headers, allow: 'GET, POST' });
      return;
    }
    const form = new URLSearchParams(await readBody(req, 4096));
    const expected = await store.take(CSRF_MODEL, details.uid);
    if (!sameSecret(form.get('csrf') ?? undefined, typeof expected?.['csrf'] === 'string' ? expected['csrf'] : undefined)) {
      sendHtml(res, 403, errorPage('This consent form is out of date or did not come from this server. Start again from your application.'), headers);
      return;
    }
    if (form.get('decision') !== 'allow') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person declined to allow this application' }, { mergeWithLastSubmission: false });
      return;
    }
    await toEntra(res, details, { uid: details.uid, clientId, remember: form.get('remember') === 'on' });
  };
}
