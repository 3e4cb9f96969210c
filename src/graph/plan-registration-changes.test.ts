import type { Application } from '@microsoft/microsoft-graph-types';
import { describe, expect, test } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { desiredApplication } from './desired-application.ts';
import { planRegistrationChanges } from './plan-registration-changes.ts';
import { storedRedirectUri } from '../registration/graph-shape.ts';

const clientId = '11111111-2222-3333-4444-555555555555';

/** An application exactly as Graph would hold it after a complete run. */
function converged(): Application {
  const d = desiredApplication(appRegistration, clientId);
  return {
    id: 'obj', appId: clientId, displayName: d.displayName, signInAudience: d.signInAudience, identifierUris: d.identifierUris,
    api: d.api,
    publicClient: d.publicClient,
    web: { redirectUris: [], implicitGrantSettings: { enableIdTokenIssuance: false } }, spa: { redirectUris: [] },
    isFallbackPublicClient: true, requiredResourceAccess: d.requiredResourceAccess,
  };
}

describe('planRegistrationChanges', () => {
  test('a new registration: every step, in the order Graph needs', () => {
    const steps = planRegistrationChanges({ application: undefined, hasServicePrincipal: false }, appRegistration).map((c) => c.step);
    expect(steps).toEqual(['create-application', 'token-version', 'identifier-uri', 'scope', 'pre-authorized-clients', 'redirect-uris', 'client-type', 'api-permissions', 'service-principal']);
  });
  test('a converged registration plans nothing (a second run changes nothing)', () => {
    expect(planRegistrationChanges({ application: converged(), hasServicePrincipal: true }, appRegistration)).toEqual([]);
  });
  test('the scope is created in one PATCH, pre-authorized in a later one, each sending the whole api object', () => {
    const fresh: Application = { id: 'obj', appId: clientId, displayName: 'entra-mcp', signInAudience: 'AzureADMyOrg', api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] } };
    const changes = planRegistrationChanges({ application: fresh, hasServicePrincipal: false }, appRegistration);
    const scope = changes.find((c) => c.step === 'scope');
    const pre = changes.find((c) => c.step === 'pre-authorized-clients');
    expect(scope?.patch?.api?.preAuthorizedApplications).toEqual([]);
    expect(scope?.patch?.api?.requestedAccessTokenVersion).toBe(2);
    expect(pre?.patch?.api?.oauth2PermissionScopes).toHaveLength(1);
    expect(pre?.patch?.api?.preAuthorizedApplications).toHaveLength(2);
  });
  test('an existing access_as_user scope keeps its id; other scopes are kept', () => {
    const app = converged();
    const other = { id: 'bbbbbbbb-0000-0000-0000-000000000000', value: 'other', type: 'Admin', isEnabled: true };
    app.api = { ...app.api, oauth2PermissionScopes: [other, { ...app.api?.oauth2PermissionScopes?.[0], id: 'aaaaaaaa-0000-0000-0000-000000000000', userConsentDisplayName: 'old text' }], preAuthorizedApplications: [] };
    const changes = planRegistrationChanges({ application: app, hasServicePrincipal: true }, appRegistration);
    const scope = changes.find((c) => c.step === 'scope');
    expect(scope?.summary).toContain('id aaaaaaaa-0000-0000-0000-000000000000 kept');
    expect(scope?.patch?.api?.oauth2PermissionScopes?.map((s) => s.id)).toEqual([other.id, 'aaaaaaaa-0000-0000-0000-000000000000']);
    expect(changes.find((c) => c.step === 'pre-authorized-clients')?.patch?.api?.preAuthorizedApplications?.[0]?.delegatedPermissionIds).toEqual(['aaaaaaaa-0000-0000-0000-000000000000']);
  });
  test('changing an enabled scope\'s type disables it first', () => {
    const app = converged();
    app.api = { ...app.api, oauth2PermissionScopes: [{ ...app.api?.oauth2PermissionScopes?.[0], type: 'Admin' }] };
    const scopeSteps = planRegistrationChanges({ application: app, hasServicePrincipal: true }, appRegistration).filter((c) => c.step === 'scope');
    expect(scopeSteps.map((c) => c.patch?.api?.oauth2PermissionScopes?.[0]?.isEnabled)).toEqual([false, true]);
  });
  test('redirect URIs per platform: a stray web URI is removed, the description is the whole truth', () => {
    const app = converged();
    app.web = { redirectUris: ['https://example.com/signin'] };
    const changes = planRegistrationChanges({ application: app, hasServicePrincipal: true }, appRegistration);
    expect(changes).toEqual([expect.objectContaining({ step: 'redirect-uris', patch: { web: { redirectUris: [] } } })]);
  });
  test('a missing service principal is the only change', () => {
    expect(planRegistrationChanges({ application: converged(), hasServicePrincipal: false }, appRegistration).map((c) => c.step)).toEqual(['service-principal']);
  });
  test('the description\'s unpathed URI, as typed, does not count as a difference', () => {
    const app = converged();
    app.publicClient = { redirectUris: ['http://localhost:8090/callback', 'http://127.0.0.1:33418', 'https://vscode.dev/redirect'] };
    expect(planRegistrationChanges({ application: app, hasServicePrincipal: true }, appRegistration)).toEqual([]);
  });
  test('storedRedirectUri adds the slash Graph adds to unpathed URIs only', () => {
    expect(storedRedirectUri('http://127.0.0.1:33418')).toBe('http://127.0.0.1:33418/');
    expect(storedRedirectUri('http://localhost:8090/callback')).toBe('http://localhost:8090/callback');
  });
});
