import { describe, expect, it } from 'vitest';
import {
  AZURE_CLI_CLIENT_ID, GRAPH_USER_READ_PERMISSION_ID, MICROSOFT_GRAPH_APP_ID, POWER_PLATFORM_REDIRECT_URI, VSCODE_CLIENT_ID,
  appRegistration, identifierUri,
} from '../registration/app-registration.ts';
import { planAppRegistration, storedRedirectUri } from './plan-app-registration.ts';
import { planClientSecret } from './plan-client-secret.ts';

const CLIENT_ID = '6a1f0c3e-0000-4000-8000-000000000001';

describe('planAppRegistration', () => {
  it('describes the registration in Graph terms, from the one description', () => {
    const { preAuthorizedApplicationsWith, ...plan } = planAppRegistration({ stack: 'dev' });
    expect(preAuthorizedApplicationsWith('22222222-3333-4444-5555-666666666666').at(-1)).toEqual({ appId: '22222222-3333-4444-5555-666666666666', delegatedPermissionIds: [appRegistration.scope.id] });
    expect({ ...plan, identifierUris: plan.identifierUris(CLIENT_ID) }).toEqual({
      displayName: 'entra-mcp (dev)',
      signInAudience: 'AzureADMyOrg',
      requestedAccessTokenVersion: 2,
      identifierUris: [identifierUri(CLIENT_ID)],
      scope: { ...appRegistration.scope, isEnabled: true },
      preAuthorizedApplications: [
        { appId: AZURE_CLI_CLIENT_ID, delegatedPermissionIds: [appRegistration.scope.id] },
        { appId: VSCODE_CLIENT_ID, delegatedPermissionIds: [appRegistration.scope.id] },
      ],
      // Unpathed URIs carry the slash Entra stores and the azuread provider insists on.
      publicClientRedirectUris: ['http://localhost:8090/callback', 'http://127.0.0.1:33418/', 'https://vscode.dev/redirect'],
      webRedirectUris: [],
      spaRedirectUris: [],
      isFallbackPublicClient: true,
      requiredResourceAccess: [{ resourceAppId: MICROSOFT_GRAPH_APP_ID, resourceAccess: [{ id: GRAPH_USER_READ_PERMISSION_ID, type: 'Scope' }] }],
      notes: 'entra-mcp:pulumi:dev',
      tags: [],
      servicePrincipalTags: ['WindowsAzureActiveDirectoryIntegratedApp', 'entra-mcp:pulumi:dev'],
    });
  });

  it('adds the shared and the connector-specific Power Platform URIs on Web only when enabled', () => {
    const connector = 'https://global.consent.azure-apim.net/redirect/mcp-5f3a';
    const on = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: true, connectorRedirectUri: connector } });
    expect(on.webRedirectUris).toEqual([POWER_PLATFORM_REDIRECT_URI, connector]);
    expect(on.publicClientRedirectUris).toEqual(planAppRegistration({ stack: 'dev' }).publicClientRedirectUris);
    const sharedOnly = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: true, connectorRedirectUri: POWER_PLATFORM_REDIRECT_URI } });
    expect(sharedOnly.webRedirectUris).toEqual([POWER_PLATFORM_REDIRECT_URI]);
    const off = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: false, connectorRedirectUri: connector } });
    expect(off.webRedirectUris).toEqual([]);
  });

  it('marks and names the registration per stack without touching the description', () => {
    const prod = planAppRegistration({ stack: 'prod' });
    expect(prod.notes).toBe('entra-mcp:pulumi:prod');
    expect(prod.displayName).toBe('entra-mcp (prod)');
    expect(appRegistration.displayName).toBe('entra-mcp');
  });
});

describe('storedRedirectUri', () => {
  it.each([
    ['http://127.0.0.1:33418', 'http://127.0.0.1:33418/'],
    ['http://127.0.0.1:33418/', 'http://127.0.0.1:33418/'],
    ['https://vscode.dev/redirect', 'https://vscode.dev/redirect'],
    ['https://global.consent.azure-apim.net/redirect', 'https://global.consent.azure-apim.net/redirect'],
    ['http://localhost:8090/callback', 'http://localhost:8090/callback'],
  ])('%s -> %s', (uri, stored) => {
    expect(storedRedirectUri(uri)).toBe(stored);
  });
});

describe('planClientSecret', () => {
  it('ends the secret lifetimeDays after the rotation date, at midnight UTC', () => {
    expect(planClientSecret('2026-11-22')).toEqual({
      displayName: 'entra-mcp 2026-11-22',
      endDate: '2027-05-21T00:00:00Z',
      rotateWhenChanged: { rotation: '2026-11-22' },
      options: { replaceOnChanges: ['rotateWhenChanged', 'endDate'], deleteBeforeReplace: false },
    });
  });

  it('is stable for a rotation date and different for another (the keeper)', () => {
    expect(planClientSecret('2026-11-22')).toEqual(planClientSecret('2026-11-22'));
    const next = planClientSecret('2027-04-01');
    expect(next.rotateWhenChanged).not.toEqual(planClientSecret('2026-11-22').rotateWhenChanged);
    expect(next.endDate).toBe('2027-09-28T00:00:00Z');
  });

  it('refuses a malformed rotation date', () => {
    expect(() => planClientSecret('tomorrow')).toThrow(TypeError);
  });
});
