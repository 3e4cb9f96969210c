import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError } from './auth-error.ts';
import type { Principal } from './principal.ts';

/**
 * Pure: decides whether a verified caller may use the API. Delegated tokens need the
 * scope (whole word: `scp` is space-separated); app-only tokens need the configured app
 * role, and are refused when none is configured.
 */
export function authorizePrincipal(principal: Principal, policy: AccessTokenPolicy): void {
  if (policy.allowedClientApps.length > 0 && !policy.allowedClientApps.includes(principal.clientAppId?.toLowerCase() ?? '')) {
    throw new AuthError('client_app_not_allowed', 'the calling client application is not in this API\'s ALLOWED_CLIENT_APPS');
  }
  if (principal.kind === 'delegated') {
    if (!principal.scopes.includes(policy.requiredScope)) {
      throw new AuthError('missing_scope', `token lacks the scope ${policy.requiredScope}: request ${policy.fullScope}`);
    }
    return;
  }
  if (policy.requiredAppRole === undefined) {
    throw new AuthError('app_only_not_allowed', 'app-only tokens are not accepted: sign in as a user, or configure REQUIRED_APP_ROLE');
  }
  if (!principal.roles.includes(policy.requiredAppRole)) {
    throw new AuthError('missing_role', `app-only token lacks the app role ${policy.requiredAppRole}`);
  }
}
