/**
 * Pure, for the front layer: Entra's `/authorize` takes `prompt=select_account` ("shows
 * the account picker", https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow), which MSAL and VS Code send;
 * oidc-provider knows only the OpenID Connect values and refuses it (`invalid_request`).
 * The local sign-in page is an account picker, so `select_account` becomes `login`, the
 * prompt that shows it. Changes `params` in place.
 */
export function selectAccountAsLogin(params: URLSearchParams): void {
  const prompt = params.get('prompt');
  if (prompt === null) return;
  const values = prompt.split(' ').map((p) => (p === 'select_account' ? 'login' : p));
  params.set('prompt', [...new Set(values)].join(' '));
}
