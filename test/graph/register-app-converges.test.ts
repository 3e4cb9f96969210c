/**
 * What register-app leaves in Graph is exactly `desiredApplication(description, appId)`, the
 * export the Pulumi cross test compares with the stack's plan: so both produce one registration.
 */
import { expect, test } from 'vitest';
import { desiredApplication } from '../../src/graph/desired-application.ts';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { appRegistration } from '../../src/registration/app-registration.ts';
import { inProcessIo, readEnv, seedApplication, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';
import { desiredClientsApplication } from '../../src/registration/clients-shape.ts';

/** The API's application and the "entra-mcp clients" one, by display name. */
function apps(standIn: ReturnType<typeof createStandIn>) {
  const all = [...standIn.directory.applications.values()];
  return { app: all.find((a) => a.displayName === 'entra-mcp'), clients: all.find((a) => a.displayName === 'entra-mcp clients') };
}

test('a fresh registration matches desiredApplication field for field', async () => {
  const standIn = createStandIn();
  expect(await runRegisterApp([], inProcessIo(standIn, tempDir()))).toBe(0);
  const { app, clients } = apps(standIn);
  const desired = desiredApplication(appRegistration, String(app?.appId), { clientsClientId: String(clients?.appId) });
  expect(app).toMatchObject(desired);
  expect(clients).toMatchObject(desiredClientsApplication({ apiClientId: String(app?.appId), scopeId: appRegistration.scope.id }));
});

test('a hand-made registration with drift is brought back to it, keeping its own scope id', async () => {
  const standIn = createStandIn();
  const scopeId = 'aaaaaaaa-1111-2222-3333-444444444444';
  seedApplication(standIn.directory, {
    identifierUris: [],
    api: { requestedAccessTokenVersion: 1, oauth2PermissionScopes: [{ id: scopeId, value: 'access_as_user', type: 'User', isEnabled: true, adminConsentDisplayName: 'old' }], preAuthorizedApplications: [] },
    web: { redirectUris: ['https://stray.example.com/'] },
    isFallbackPublicClient: false,
  });
  const io = inProcessIo(standIn, tempDir());
  expect(await runRegisterApp([], io)).toBe(0);
  expect(io.out()).toContain(`scope: update "access_as_user" (id ${scopeId} kept)`);
  expect(io.out()).toContain('web redirect URIs: https://stray.example.com/ -> (none)');
  const { app, clients } = apps(standIn);
  const desired = desiredApplication(appRegistration, String(app?.appId), { scopeId, clientsClientId: String(clients?.appId) });
  expect(app).toMatchObject(desired);
  // And now a second run has nothing to do.
  const again = inProcessIo(standIn, tempDir());
  expect(await runRegisterApp(['--client-id', String(app?.appId)], again)).toBe(0);
  expect(again.out()).toContain('No changes');
});

test('a tenant given as a domain: .env gets the tenant GUID (the server checks the issuer by GUID)', async () => {
  const standIn = createStandIn();
  const cwd = tempDir();
  const io = inProcessIo(standIn, cwd, { AZURE_TENANT_ID: 'contoso.onmicrosoft.com' });
  expect(await runRegisterApp(['--json'], io)).toBe(0);
  const json = JSON.parse(io.out()) as { ok: boolean; tenantId: string; changes: unknown[] };
  expect(json).toMatchObject({ ok: true, tenantId: standIn.directory.tenantId });
  expect(json.changes).toHaveLength(15); // 9 for the API, 5 for "entra-mcp clients", 1 to pre-authorize it
  expect(io.err()).toContain('• create application'); // progress goes to stderr with --json
});

test('--json failure: {ok:false, error:{code, graph:{requestId}}} on stdout, exit 1', async () => {
  const standIn = createStandIn();
  standIn.graph.faults.denyWrites = true;
  const io = inProcessIo(standIn, tempDir());
  expect(await runRegisterApp(['--json'], io)).toBe(1);
  const json = JSON.parse(io.out()) as { ok: boolean; error: { code: string; graph: { graphCode: string; requestId: string } } };
  expect(json.ok).toBe(false);
  expect(json.error.code).toBe('AUTHORIZATION_DENIED');
  expect(json.error.graph.graphCode).toBe('Authorization_RequestDenied');
  expect(json.error.graph.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

test('--power-platform-connector: the connector URIs join the Web platform, and .env remembers it', async () => {
  const standIn = createStandIn();
  const cwd = tempDir();
  const connector = 'https://westeurope.consent.azure-apim.net/redirect/my-connector-5f2a';
  const io = inProcessIo(standIn, cwd);
  expect(await runRegisterApp(['--power-platform-connector', '--power-platform-connector-redirect-uri', connector], io)).toBe(0);
  const { app, clients } = apps(standIn);
  const desired = desiredApplication(appRegistration, String(app?.appId), { powerPlatform: { enabled: true, connectorRedirectUri: connector }, clientsClientId: String(clients?.appId) });
  expect(desired.web.redirectUris).toEqual(['https://global.consent.azure-apim.net/redirect', connector]);
  expect(app).toMatchObject(desired);
  expect(readEnv(cwd)).toContain('POWER_PLATFORM_CONNECTOR=true\n');
  // A later run without the flags keeps them (from .env): no changes.
  const again = inProcessIo(standIn, cwd);
  expect(await runRegisterApp([], again)).toBe(0);
  expect(again.out()).toContain('No changes');
});

test('a connector URI outside consent.azure-apim.net is refused, naming the key', async () => {
  const io = inProcessIo(createStandIn(), tempDir());
  expect(await runRegisterApp(['--power-platform-connector-redirect-uri', 'https://evil.example.com/redirect'], io)).toBe(2);
  expect(io.err()).toContain('error [INVALID_SETTINGS]: POWER_PLATFORM_CONNECTOR_REDIRECT_URI expected https://<region>.consent.azure-apim.net/redirect/...');
});
