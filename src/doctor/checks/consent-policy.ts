import { ok, problem, skip, type Finding } from '../finding.ts';

/**
 * Pure: the tenant's user consent setting, from `GET /policies/authorizationPolicy`
 * `defaultUserRolePermissions.permissionGrantPoliciesAssigned`
 * (https://learn.microsoft.com/graph/api/resources/authorizationpolicy?view=graph-rest-1.0):
 * no `ManagePermissionGrantsForSelf.*` entry means users cannot consent, so a client that is
 * not pre-authorized needs an admin (AADSTS90094 / 65001).
 */
export function checkConsentPolicy(input: { permissionGrantPoliciesAssigned: readonly string[] | undefined; clientsPreAuthorized: boolean }): Finding {
  const check = 'consent-policy';
  if (input.permissionGrantPoliciesAssigned === undefined) return skip(check, 'Graph did not tell the consent policy (reading it needs Policy.Read.All)');
  const userConsent = input.permissionGrantPoliciesAssigned.filter((p) => p.startsWith('ManagePermissionGrantsForSelf.'));
  if (userConsent.length > 0) return ok(check, `users may consent (${userConsent.join(', ')})`);
  if (input.clientsPreAuthorized) return ok(check, 'users cannot consent in this tenant, but the clients registration is pre-authorized, so no consent is asked');
  return problem(check, 'fail', 'users cannot consent in this tenant and the clients registration is not pre-authorized: sign-in stops at "Need admin approval"', 'pre-authorize the "entra-mcp clients" registration for the API scope, or have an admin grant consent', { code: 'AADSTS90094' });
}
