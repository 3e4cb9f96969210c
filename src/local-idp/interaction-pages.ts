import type { DevUser } from './dev-directory.ts';
import { escapeHtml, htmlPage } from './html-page.ts';

/** The hidden field carrying the interaction's CSRF token (interaction-csrf.ts). */
function csrfField(csrf: string): string {
  return `<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">`;
}

/**
 * Pure: the sign-in page, a list of the local tenant's users. Each is a button posting
 * `action=login&oid=...` and the CSRF token back to `action`; there are no passwords to type.
 */
export function signInPage(action: string, clientName: string, users: readonly DevUser[], csrf: string): string {
  const buttons = users
    .map((u) => `<button type="submit" name="oid" value="${escapeHtml(u.oid)}" data-username="${escapeHtml(u.preferredUsername)}"><strong>${escapeHtml(u.name)}</strong><br><span class="muted">${escapeHtml(u.preferredUsername)} · oid ${escapeHtml(u.oid)}</span></button>`)
    .join('\n');
  return htmlPage(
    'Sign in to your account',
    `<h1>Pick an account</h1><p class="muted">to continue to ${escapeHtml(clientName)}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="action" value="login">${csrfField(csrf)}
${buttons}
</form>`,
  );
}

/**
 * Pure: the consent page Entra shows when neither the user nor an admin has consented and
 * the client is not pre-authorized. Posts `action=consent&accept=yes|no` and the CSRF token.
 */
export function consentPage(action: string, clientName: string, user: DevUser | undefined, scopes: readonly string[], csrf: string): string {
  const items = scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('');
  return htmlPage(
    'Permissions requested',
    `<h1>Permissions requested</h1><p class="muted">${escapeHtml(user?.preferredUsername ?? '')}</p>
<p><strong>${escapeHtml(clientName)}</strong> would like to:</p><ul>${items}</ul>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="action" value="consent">${csrfField(csrf)}
<button class="primary" type="submit" name="accept" value="yes">Accept</button>
<button type="submit" name="accept" value="no">Cancel</button></form>`,
  );
}

/** Pure: Entra's "having trouble signing you in" page for an error it will not redirect. */
export function errorPage(message: string): string {
  return htmlPage('Sign in', `<h1>Sorry, but we're having trouble signing you in.</h1><p class="error" id="error">${escapeHtml(message)}</p>`);
}

/**
 * Pure: the device code entry page (oidc-provider's `userCodeInputSource`). `form` is the
 * provider's own form: it carries the XSRF token and the code input.
 */
export function enterCodePage(form: string, problem: string | undefined): string {
  return htmlPage(
    'Enter code',
    `<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>${problem === undefined ? '' : `<p class="error">${escapeHtml(problem)}</p>`}
${form}<button class="primary" type="submit" form="op.deviceInputForm">Next</button>`,
  );
}

/** Pure: "Are you trying to sign in to ...?" (oidc-provider's `userCodeConfirmSource`). */
export function confirmDevicePage(form: string, clientName: string, userCode: string): string {
  return htmlPage(
    'Confirm',
    `<h1>Are you trying to sign in to ${escapeHtml(clientName)}?</h1>
<p>Only continue if you started this sign-in yourself and the code is <code>${escapeHtml(userCode)}</code>.</p>
${form}<button class="primary" type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`,
  );
}

/** Pure: the page after a device sign-in. */
export function deviceDonePage(clientName: string): string {
  return htmlPage('Signed in', `<h1>${escapeHtml(clientName)}</h1><p id="done">You have signed in to the ${escapeHtml(clientName)} application on your device. You may now close this window.</p>`);
}
