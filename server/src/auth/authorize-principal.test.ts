import { describe, expect, it } from 'vitest';
import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError, type AuthErrorCode } from './auth-error.ts';
import { authorizePrincipal } from './authorize-principal.ts';
import type { Principal } from './principal.ts';

const CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const policy: AccessTokenPolicy = {
  clientId: '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f',
  tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  allowedTenants: [],
  authorityHost: 'https://login.microsoftonline.com',
  acceptV1Tokens: false,
  algorithms: ['RS256'],
  clockSkewSeconds: 60,
  requiredScope: 'access_as_user',
  fullScope: 'api://6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f/access_as_user',
  requiredAppRole: undefined,
  allowedClientApps: [],
};
const user: Principal = { kind: 'delegated', oid: 'o', tid: 't', sub: 's', name: undefined, preferredUsername: undefined, clientAppId: CLI, scopes: ['access_as_user'], roles: [], tokenVersion: '2.0', expiresAt: 0 };
const app: Principal = { ...user, kind: 'app', scopes: [], roles: ['MCP.Invoke'] };

describe('authorizePrincipal', () => {
  it.each<[string, Principal, Partial<AccessTokenPolicy>, AuthErrorCode | 'ok']>([
    ['a user with the scope', user, {}, 'ok'],
    ['a user with the scope among others', { ...user, scopes: ['User.Read', 'access_as_user'] }, {}, 'ok'],
    ['a user without it', { ...user, scopes: ['User.Read'] }, {}, 'missing_scope'],
    ['a user with a longer scope that contains it', { ...user, scopes: ['access_as_user_admin'] }, {}, 'missing_scope'],
    ['a user with the scope in another case', { ...user, scopes: ['ACCESS_AS_USER'] }, {}, 'missing_scope'],
    ['a user with the role but not the scope', { ...user, scopes: [], roles: ['MCP.Invoke'] }, { requiredAppRole: 'MCP.Invoke' }, 'missing_scope'],
    ['an app when no role is configured', app, {}, 'app_only_not_allowed'],
    ['an app with the configured role', app, { requiredAppRole: 'MCP.Invoke' }, 'ok'],
    ['an app without the configured role', { ...app, roles: ['Other'] }, { requiredAppRole: 'MCP.Invoke' }, 'missing_role'],
    ['an allowed client app, its id in another case', { ...user, clientAppId: CLI.toUpperCase() }, { allowedClientApps: [CLI] }, 'ok'],
    ['a client app not in the list', user, { allowedClientApps: ['aebc6443-996d-45c2-90f0-388ff96faa56'] }, 'client_app_not_allowed'],
    ['no client app when a list is set', { ...user, clientAppId: undefined }, { allowedClientApps: [CLI] }, 'client_app_not_allowed'],
    ['no client app and no list', { ...user, clientAppId: undefined }, {}, 'ok'],
  ])('%s → %s', (_name, principal, override, expected) => {
    let code: AuthErrorCode | 'ok' = 'ok';
    try {
      authorizePrincipal(principal, { ...policy, ...override });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      code = error.code;
    }
    expect(code).toBe(expected);
  });
});
