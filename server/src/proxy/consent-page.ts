/** What the consent page says about the client, all of it as the client registered it. */
export interface ConsentView {
  readonly clientId: string;
  readonly clientName: string | undefined;
  readonly clientUri: string | undefined;
  readonly redirectUri: string;
  /** The form's target (`/oauth/consent/{uid}`). */
  readonly action: string;
  readonly csrfToken: string;
  /** The server this sign-in is for (the MCP resource). */
  readonly resource: string;
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Pure: text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** The host a redirect URI sends the code to, or the whole URI for a private-use scheme. */
function destination(redirectUri: string): string {
  const url = URL.parse(redirectUri);
  if (url === null) return redirectUri;
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Pure: the proxy's consent page. Every MCP client shares one Entra client id, so Entra's
 * own consent cannot tell them apart; this page is where the person decides which client
 * gets in (the confused-deputy defence of
 * https://modelcontextprotocol.io/specification/draft/basic/security_best_practices).
 * Client-supplied values are escaped; the name is shown as a claim, beside where the
 * code really goes.
 */
export function consentPage(view: ConsentView): string {
  const name = view.clientName === undefined || view.clientName.trim() === '' ? 'An unnamed application' : view.clientName;
  const about = view.clientUri === undefined ? '' : `<p>It says it is from <code>${escapeHtml(view.clientUri)}</code>.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Allow access?</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}code{word-break:break-all}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.5rem}</style>
</head><body>
<h1>Allow <span id="client-name">${escapeHtml(name)}</span> to use this MCP server?</h1>
<p>The application names itself <strong>${escapeHtml(name)}</strong>; that name is not verified.</p>
${about}
<p>If you allow it, you sign in with your Microsoft account next, and it will act as you on <code>${escapeHtml(view.resource)}</code>.</p>
<p>Access is sent to <code id="redirect-host">${escapeHtml(destination(view.redirectUri))}</code> (client id <code>${escapeHtml(view.clientId)}</code>).</p>
<p>Only allow applications you started yourself.</p>
<form method="post" action="${escapeHtml(view.action)}">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">
<p><label><input type="checkbox" name="remember" value="on" id="remember"> Remember my choice for this application in this browser</label></p>
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Cancel</button>
</form>
</body></html>`;
}

/** Pure: a plain error page; `message` is escaped. */
export function errorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head><body><h1>Sign-in failed</h1><p id="error">${escapeHtml(message)}</p></body></html>`;
}
