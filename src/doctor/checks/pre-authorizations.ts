import { ok, problem, type Finding } from '../finding.ts';

/** One application the API must pre-authorize for its scope. */
export interface WantedPreAuthorization {
  readonly appId: string;
  readonly name: string;
}

/**
 * Pure: each wanted client (VS Code, Azure CLI, the "entra-mcp clients" registration) must be
 * in `api.preAuthorizedApplications` with the scope's id among its `delegatedPermissionIds`:
 * first-party clients show no consent prompt, and without it users meet AADSTS65001
 * (https://learn.microsoft.com/graph/api/resources/preauthorizedapplication?view=graph-rest-1.0).
 */
export function checkPreAuthorizations(input: {
  preAuthorizedApplications: readonly { appId?: string | null; delegatedPermissionIds?: readonly string[] | null }[];
  scopeId: string;
  scopeValue: string;
  wanted: readonly WantedPreAuthorization[];
}): Finding[] {
  return input.wanted.map(({ appId, name }) => {
    const check = 'pre-authorization';
    const entry = input.preAuthorizedApplications.find((p) => p.appId === appId);
    if (entry?.delegatedPermissionIds?.includes(input.scopeId) === true) return ok(check, `${name} (${appId}) is pre-authorized for ${input.scopeValue}`);
    return problem(
      check,
      'fail',
      entry === undefined ? `${name} (${appId}) is not pre-authorized: its users get a consent prompt, or AADSTS65001 where none can be shown` : `${name} (${appId}) is pre-authorized, but not for ${input.scopeValue}`,
      `pre-authorize ${appId} for ${input.scopeValue} (Expose an API → Add a client application, or npm run register-app)`,
      { code: 'AADSTS65001' },
    );
  });
}
