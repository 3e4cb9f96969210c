import { describe, expect, test } from 'vitest';
import { appRegistration, AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID } from '../registration/app-registration.ts';
import { desiredApplication } from './desired-application.ts';

const clientId = '11111111-2222-3333-4444-555555555555';

describe('desiredApplication', () => {
  const desired = desiredApplication(appRegistration, clientId);
  test('is the description in Graph field names', () => {
    expect(desired.identifierUris).toEqual([`api://${clientId}`]);
    expect(desired.api.requestedAccessTokenVersion).toBe(2);
    expect(desired.api.oauth2PermissionScopes).toEqual([expect.objectContaining({ id: appRegistration.scope.id, value: 'access_as_user', isEnabled: true, type: 'User' })]);
    expect(desired.api.preAuthorizedApplications).toEqual([
      { appId: AZURE_CLI_CLIENT_ID, delegatedPermissionIds: [appRegistration.scope.id] },
      { appId: VSCODE_CLIENT_ID, delegatedPermissionIds: [appRegistration.scope.id] },
    ]);
    // In the form Graph stores them: an unpathed URI gains a trailing slash.
    expect(desired.publicClient.redirectUris).toEqual(['http://localhost:8090/callback', 'http://127.0.0.1:33418/', 'https://vscode.dev/redirect']);
    expect(desired.web.redirectUris).toEqual([]);
    expect(desired.spa.redirectUris).toEqual([]);
    expect(desired.isFallbackPublicClient).toBe(true);
    expect(desired.signInAudience).toBe('AzureADMyOrg');
    expect(desired.requiredResourceAccess).toEqual([{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' }] }]);
  });
  test('an existing scope id is kept everywhere it is referenced', () => {
    const kept = desiredApplication(appRegistration, clientId, { scopeId: 'aaaaaaaa-0000-0000-0000-000000000000' });
    expect(kept.api.oauth2PermissionScopes[0]?.id).toBe('aaaaaaaa-0000-0000-0000-000000000000');
    expect(kept.api.preAuthorizedApplications.every((p) => p.delegatedPermissionIds?.[0] === 'aaaaaaaa-0000-0000-0000-000000000000')).toBe(true);
  });
});
