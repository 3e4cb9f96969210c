import { describe, expect, it } from 'vitest';
import type { AccessTokenPolicy } from '../auth/access-token-policy.ts';
import { AuthError } from '../auth/auth-error.ts';
import type { Principal } from '../auth/principal.ts';
import { DEFAULT_AUTHORITY_HOST } from '../entra/index.ts';
import { authorizeProxyPrincipal } from './mount-proxy-mode.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f';
const policy: AccessTokenPolicy = {
  clientId: APP, tenantId: TENANT, allowedTenants: [], authorityHost: DEFAULT_AUTHORITY_HOST, acceptV1Tokens: false,
  algorithms: ['RS256'], clockSkewSeconds: 60, requiredScope: 'access_as_user', fullScope: `api://${APP}/access_as_user`, requiredAppRole: undefined, allowedClientApps: [],
};
// A proxy token's caller: azp is the MCP client's registration id, not an Entra app.
const caller: Principal = {
  kind: 'delegated', oid: '11111111-1111-1111-1111-111111111111', tid: TENANT, sub: 's', name: 'Megan', preferredUsername: undefined,
  clientAppId: 'k3J9-registered-mcp-client', scopes: ['access_as_user'], roles: [], tokenVersion: '2.0', expiresAt: 0,
};

function codeOf(principal: Principal, changes: Partial<AccessTokenPolicy> = {}): string {
  try {
    authorizeProxyPrincipal(principal, { ...policy, ...changes });
    return 'ok';
  } catch (error) {
    return error instanceof AuthError ? error.code : 'not an AuthError';
  }
}

describe('authorizeProxyPrincipal: the secure server\'s checks on proxy tokens too', () => {
  it.each<[string, Principal, Partial<AccessTokenPolicy>, string]>([
    ['the sign-in as issued', caller, {}, 'ok'],
    ['another tenant than AZURE_TENANT_ID', { ...caller, tid: '22222222-2222-2222-2222-222222222222' }, {}, 'wrong_tenant'],
    ['multi-tenant: a tenant no longer in ALLOWED_TENANTS', caller, { tenantId: undefined, allowedTenants: ['22222222-2222-2222-2222-222222222222'] }, 'tenant_not_allowed'],
    ['multi-tenant: a listed tenant', caller, { tenantId: undefined, allowedTenants: [TENANT] }, 'ok'],
    ['no access_as_user in scp', { ...caller, scopes: ['other'] }, {}, 'missing_scope'],
    ['REQUIRED_SCOPE renamed since the sign-in', caller, { requiredScope: 'mcp.use' }, 'missing_scope'],
    ['ALLOWED_CLIENT_APPS listing the proxy (AZURE_CLIENT_ID)', caller, { allowedClientApps: [APP] }, 'ok'],
    ['ALLOWED_CLIENT_APPS without the proxy', caller, { allowedClientApps: ['04b07795-8ddb-461a-bbee-02f9e1bf7b46'] }, 'client_app_not_allowed'],
  ])('%s: %s', (_name, principal, changes, expected) => {
    expect(codeOf(principal, changes)).toBe(expected);
  });
});
