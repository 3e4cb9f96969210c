import { OIDC_SCOPES } from '../../registration/app-registration.ts';
import { ok, problem, type Finding } from '../finding.ts';

/** What the scope check reads: the metadata's scopes and, when Graph told, the registration. */
export interface ScopeFormInput {
  readonly scopesSupported: readonly string[] | undefined;
  readonly resource: string;
  readonly apiClientId: string;
  /** The registration's identifier URIs and enabled delegated scope values; undefined when not read. */
  readonly identifierUris?: readonly string[];
  readonly exposedScopes?: readonly string[];
}

/**
 * Pure: the scopes the protected resource metadata advertises are the ones clients ask Entra
 * for, so each must name this API's scope under one of its identifier URIs: a bare value is
 * read as a Microsoft Graph scope (AADSTS65005/70011), a prefix that is not an identifier URI
 * of the app names no resource (AADSTS500011), and the GUID form `{clientId}/…` is meant for
 * an app asking for itself. When the MCP URL is an identifier URI the scope should be under it
 * (`${resource}/…`) so scope and `resource` name the same URI
 * (https://learn.microsoft.com/entra/identity-platform/scopes-oidc).
 */
export function checkScopeForm(input: ScopeFormInput): Finding {
  const check = 'scope-form';
  const scopes = (input.scopesSupported ?? []).filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s));
  const fixUnder = (value = 'access_as_user') =>
    `advertise "${input.resource}/${value}" (when the MCP URL is an identifier URI) or "api://${input.apiClientId}/${value}" in scopes_supported: the server takes them from the registration description`;
  if (scopes.length === 0) {
    return problem(check, 'fail', 'scopes_supported names no scope of this API: clients ask Entra for OIDC scopes only and get a token that is not for this server', fixUnder());
  }
  for (const scope of scopes) {
    const slash = scope.lastIndexOf('/');
    if (slash <= 0) return problem(check, 'fail', `"${scope}" is unqualified: Entra reads it as a Microsoft Graph scope`, fixUnder(scope), { code: 'AADSTS65005' });
    const prefix = scope.slice(0, slash);
    const value = scope.slice(slash + 1);
    if (prefix === input.apiClientId) {
      return problem(check, 'warn', `"${scope}" is the GUID form, meant for the app asking a token for itself; with resource=${input.resource} other clients may get AADSTS9010010`, fixUnder(value));
    }
    if (input.identifierUris !== undefined && !input.identifierUris.includes(prefix)) {
      return problem(check, 'fail', `"${scope}" is under ${prefix}, which is not an identifier URI of the API registration`, fixUnder(value), { code: 'AADSTS500011' });
    }
    if (input.exposedScopes !== undefined && !input.exposedScopes.includes(value)) {
      return problem(check, 'fail', `"${value}" is not an enabled scope the API registration exposes (it exposes ${input.exposedScopes.join(', ') || 'none'})`, `add the delegated scope "${value}" under Expose an API (npm run register-app)`, { code: 'AADSTS65005' });
    }
  }
  const underResource = scopes.some((s) => s.startsWith(`${input.resource}/`));
  if (!underResource && input.identifierUris?.includes(input.resource) === true) {
    return problem(check, 'warn', `the MCP URL is an identifier URI but scopes_supported names ${scopes.join(', ')}, not a scope under it`, fixUnder());
  }
  return ok(check, `scopes_supported names ${scopes.join(', ')}`);
}
