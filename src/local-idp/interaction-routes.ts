import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { ConsentStore } from './consent-store.ts';
import { findDevUser, type DevUser } from './dev-directory.ts';
import { readBody, sendHtml } from './http-io.ts';
import { createInteractionCsrf } from './interaction-csrf.ts';
import { consentPage, errorPage, signInPage } from './interaction-pages.ts';
import type { LocalClient } from './local-clients.ts';

/** What the sign-in and consent pages need. */
export interface InteractionSetup {
  readonly provider: Provider;
  readonly users: readonly DevUser[];
  readonly clients: readonly LocalClient[];
  readonly consents: ConsentStore;
  /** Automation: sign in as this user and accept consent without showing a page. */
  readonly autoSignIn: DevUser | undefined;
}

async function finishLogin(setup: InteractionSetup, req: IncomingMessage, res: ServerResponse, user: DevUser): Promise<void> {
  await setup.provider.interactionFinished(req, res, { login: { accountId: user.oid } }, { mergeWithLastSubmission: false });
}

async function finishConsent(setup: InteractionSetup, req: IncomingMessage, res: ServerResponse, accept: boolean): Promise<void> {
  const { provider } = setup;
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id);
  if (!accept || accountId === undefined) {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'AADSTS65004: User declined to consent to access the app.' }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = details.grantId === undefined ? new provider.Grant({ accountId, clientId }) : ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }));
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope !== undefined) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  setup.consents.give(accountId, clientId);
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/**
 * Handles `GET|POST /{tenant}/login/{uid}`: the sign-in page (pick a dev user) and,
 * where Entra would ask, the consent page. With `autoSignIn` both complete at once.
 * A POST without the CSRF token of its interaction is refused (403), so another site
 * cannot sign a visitor in, or consent for them, by posting the form itself.
 */
export function createInteractionHandler(setup: InteractionSetup) {
  const csrf = createInteractionCsrf();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let details;
    try {
      details = await setup.provider.interactionDetails(req, res);
    } catch {
      sendHtml(res, 400, errorPage('This sign-in has expired, or the browser did not send its sign-in cookie. Start the sign-in again from your app.'));
      return;
    }
    const action = (req.url ?? '').split('?')[0] ?? '';
    const client = setup.clients.find((c) => c.clientId === details.params.client_id);
    const clientName = client?.name ?? String(details.params.client_id);
    const prompt = details.prompt.name;
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      if (!csrf.check(details.uid, form.get('csrf'))) {
        sendHtml(res, 403, errorPage('This sign-in form is not the one this page showed. Start the sign-in again from your app.'));
        return;
      }
      if (form.get('action') === 'login') {
        const user = findDevUser(form.get('oid') ?? form.get('login_hint') ?? '', setup.users);
        if (user === undefined) {
          sendHtml(res, 400, errorPage('AADSTS50034: The user account does not exist in this directory.'));
          return;
        }
        await finishLogin(setup, req, res, user);
        return;
      }
      if (form.get('action') === 'consent') {
        await finishConsent(setup, req, res, form.get('accept') === 'yes');
        return;
      }
      sendHtml(res, 400, errorPage('Unexpected form.'));
      return;
    }
    if (prompt === 'login') {
      if (setup.autoSignIn !== undefined) return finishLogin(setup, req, res, setup.autoSignIn);
      sendHtml(res, 200, signInPage(action, clientName, setup.users, csrf.tokenFor(details.uid)));
      return;
    }
    if (setup.autoSignIn !== undefined) return finishConsent(setup, req, res, true);
    const user = findDevUser(details.session?.accountId ?? '', setup.users);
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> };
    const scopes = [...(missing.missingOIDCScope ?? []), ...Object.values(missing.missingResourceScopes ?? {}).flat()];
    sendHtml(res, 200, consentPage(action, clientName, user, scopes, csrf.tokenFor(details.uid)));
  };
}
