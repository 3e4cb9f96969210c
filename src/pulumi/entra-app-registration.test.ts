import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import {
  AZURE_CLI_CLIENT_ID, GRAPH_USER_READ_PERMISSION_ID, MICROSOFT_GRAPH_APP_ID, POWER_PLATFORM_REDIRECT_URI,
  VSCODE_CLIENT_ID, appRegistration, fullScope, identifierUri, redirectUrisFor,
} from '../registration/app-registration.ts';
import { EntraAppRegistration } from './entra-app-registration.ts';
import { planAppRegistration, storedRedirectUri, type PowerPlatformOption } from './plan-app-registration.ts';
import { planClientSecret } from './plan-client-secret.ts';
import { MOCK, mockCloud, one, settle, valueOf } from './testing/mock-cloud.ts';

const T = {
  app: 'azuread:index/applicationRegistration:ApplicationRegistration',
  uri: 'azuread:index/applicationIdentifierUri:ApplicationIdentifierUri',
  scope: 'azuread:index/applicationPermissionScope:ApplicationPermissionScope',
  preauth: 'azuread:index/applicationPreAuthorized:ApplicationPreAuthorized',
  redirects: 'azuread:index/applicationRedirectUris:ApplicationRedirectUris',
  fallback: 'azuread:index/applicationFallbackPublicClient:ApplicationFallbackPublicClient',
  api: 'azuread:index/applicationApiAccess:ApplicationApiAccess',
  sp: 'azuread:index/servicePrincipal:ServicePrincipal',
  password: 'azuread:index/applicationPassword:ApplicationPassword',
};
const SCOPE_OUTPUT = 'scope-id-as-the-scope-resource-reports-it';

async function build(power: PowerPlatformOption = { enabled: false }, rotation = '2026-11-01', description = appRegistration) {
  // The scope resource reports a distinctive id, so a pre-authorization can only carry it
  // by referencing the scope's output (which is also what orders create and delete).
  const registered = await mockCloud({ extra: (type) => (type === T.scope ? { scopeId: SCOPE_OUTPUT } : undefined) });
  const seen: pulumi.ResourceTransformationArgs[] = [];
  const component = new EntraAppRegistration('entra', {
    plan: planAppRegistration({ stack: 'dev', powerPlatform: power, description }),
    secret: planClientSecret(rotation),
  }, { transformations: [(args) => { seen.push(args); return undefined; }] });
  const outputs = {
    clientId: await valueOf(component.clientId),
    identifierUri: await valueOf(component.identifierUri),
    fullScope: await valueOf(component.fullScope),
    secret: await valueOf(component.clientSecret),
    secretIsSecret: await pulumi.isSecret(component.clientSecret),
  };
  await settle();
  return { registered, seen, component, outputs };
}

const applicationId = '/applications/object-id-of-entra';

describe('EntraAppRegistration', () => {
  it('registers the application with token version 2, the audience and the stack marker', async () => {
    const { registered } = await build();
    expect(one(registered, T.app).inputs).toEqual({
      displayName: 'entra-mcp (dev)',
      signInAudience: 'AzureADMyOrg',
      requestedAccessTokenVersion: 2,
      notes: 'entra-mcp:pulumi:dev',
    });
    expect(registered.filter((r) => r.type === 'azuread:index/application:Application')).toEqual([]);
  });

  it('sets api://{clientId} on the application resource id, and outputs the full scope', async () => {
    const { registered, outputs } = await build();
    expect(one(registered, T.uri).inputs).toEqual({ applicationId, identifierUri: identifierUri('client-id-of-entra') });
    expect(outputs.identifierUri).toBe(identifierUri('client-id-of-entra'));
    expect(outputs.fullScope).toBe(fullScope('client-id-of-entra'));
  });

  it('creates the access_as_user scope with its fixed id from the description', async () => {
    const { registered } = await build();
    const { scope } = appRegistration;
    expect(one(registered, T.scope).inputs).toEqual({
      applicationId, scopeId: scope.id, value: 'access_as_user', type: scope.type,
      adminConsentDisplayName: scope.adminConsentDisplayName, adminConsentDescription: scope.adminConsentDescription,
      userConsentDisplayName: scope.userConsentDisplayName, userConsentDescription: scope.userConsentDescription,
    });
  });

  it('pre-authorizes Azure CLI and VS Code against the scope resource output, after the scope', async () => {
    const { registered } = await build();
    const preauths = registered.filter((r) => r.type === T.preauth);
    expect(preauths.map((r) => r.inputs)).toEqual([
      { applicationId, authorizedClientId: AZURE_CLI_CLIENT_ID, permissionIds: [SCOPE_OUTPUT] },
      { applicationId, authorizedClientId: VSCODE_CLIENT_ID, permissionIds: [SCOPE_OUTPUT] },
    ]);
    const scopeAt = registered.findIndex((r) => r.type === T.scope);
    for (const p of preauths) expect(registered.indexOf(p)).toBeGreaterThan(scopeAt);
  });

  it('puts the description\'s redirect URIs on the public-client platform and none on Web or SPA', async () => {
    const { registered } = await build();
    const redirects = registered.filter((r) => r.type === T.redirects).map((r) => r.inputs);
    expect(redirects).toEqual([{ applicationId, type: 'PublicClient', redirectUris: redirectUrisFor('publicClient').map(storedRedirectUri) }]);
    expect(redirects[0]?.redirectUris).toEqual(expect.arrayContaining(['http://127.0.0.1:33418/', 'https://vscode.dev/redirect']));
  });

  it('adds the Power Platform redirect URIs on Web when the setting is on', async () => {
    const connector = 'https://global.consent.azure-apim.net/redirect/mcp-5f3a-1234';
    const { registered } = await build({ enabled: true, connectorRedirectUri: connector });
    expect(one(registered, T.redirects, '-web').inputs).toEqual({
      applicationId, type: 'Web', redirectUris: [POWER_PLATFORM_REDIRECT_URI, connector],
    });
    expect(one(registered, T.redirects, '-publicclient').inputs.redirectUris).toEqual(redirectUrisFor('publicClient').map(storedRedirectUri));
  });

  it('allows public client flows, asks for Graph User.Read and creates a marked service principal', async () => {
    const { registered } = await build();
    expect(one(registered, T.fallback).inputs).toEqual({ applicationId, enabled: true });
    expect(one(registered, T.api).inputs).toEqual({
      applicationId, apiClientId: MICROSOFT_GRAPH_APP_ID, scopeIds: [GRAPH_USER_READ_PERMISSION_ID],
    });
    expect(one(registered, T.sp).inputs).toEqual({
      clientId: 'client-id-of-entra',
      notes: 'entra-mcp:pulumi:dev',
      tags: ['WindowsAzureActiveDirectoryIntegratedApp', 'entra-mcp:pulumi:dev'],
    });
  });

  it('creates a client secret with an end date, replaced create-before-delete, and keeps its value secret', async () => {
    const { registered, seen, outputs } = await build(undefined, '2026-11-01');
    expect(one(registered, T.password).inputs).toEqual({
      applicationId, displayName: 'entra-mcp 2026-11-01', endDate: '2027-04-30T00:00:00Z',
      rotateWhenChanged: { rotation: '2026-11-01' },
    });
    const opts = seen.find((s) => s.type === T.password)?.opts as pulumi.CustomResourceOptions | undefined;
    expect(opts?.replaceOnChanges).toEqual(['rotateWhenChanged', 'endDate']);
    expect(opts?.deleteBeforeReplace).toBe(false);
    expect(opts?.additionalSecretOutputs).toContain('value');
    expect(outputs.secret).toBe(MOCK.secretValue);
    expect(outputs.secretIsSecret).toBe(true);
  });

  it('changes exactly the replace-on-change inputs when the rotation setting changes', async () => {
    const before = one((await build(undefined, '2026-11-01')).registered, T.password).inputs;
    const after = one((await build(undefined, '2026-11-20')).registered, T.password).inputs;
    expect(after.rotateWhenChanged).not.toEqual(before.rotateWhenChanged);
    expect(after.endDate).not.toBe(before.endDate);
    expect(after.applicationId).toBe(before.applicationId);
  });

  it('parents every resource to the component, with logical names that do not depend on labels', async () => {
    const { seen, component } = await build();
    const children = seen.filter((s) => s.resource !== component);
    expect(children.length).toBe(10);
    for (const s of children) expect(s.opts.parent).toBe(component);
    expect(seen.map((s) => s.name)).toContain(`entra-preauthorized-${VSCODE_CLIENT_ID}`);
    expect(seen.map((s) => s.name)).not.toContain(expect.stringContaining('(dev)'));
  });

  it('replaces nothing when the pre-authorized clients are reordered or the scope is renamed (logical names from ids)', async () => {
    const urns = (seen: pulumi.ResourceTransformationArgs[]) => seen.map((s) => `${s.type}::${s.name}`).sort();
    const before = urns((await build()).seen);
    const { scope } = appRegistration;
    const edited = {
      ...appRegistration,
      preAuthorizedClients: [...appRegistration.preAuthorizedClients].reverse(),
      scope: {
        ...scope, value: 'tools.call', adminConsentDisplayName: 'Call the tools', adminConsentDescription: 'Calls the tools.',
        userConsentDisplayName: 'Call the tools as you', userConsentDescription: 'Calls the tools for you.',
      },
    };
    const { seen, registered } = await build(undefined, undefined, edited);
    expect(urns(seen)).toEqual(before);
    expect(one(registered, T.scope).inputs.value).toBe('tools.call');
    expect(before).toContain(`${T.scope}::entra-scope-${scope.id}`);
  });

  it('keeps stacks created under the old positional and value-based names, by alias', async () => {
    const { seen } = await build();
    const aliases = (type: string) => seen.find((s) => s.type === type)?.opts.aliases;
    expect(aliases(T.uri)).toEqual([{ name: 'entra-identifier-uri-0' }]);
    expect(aliases(T.scope)).toEqual([{ name: `entra-scope-${appRegistration.scope.value}` }]);
  });
});
