/**
 * Graph behaviours register-app must survive and the stand-in must reproduce, each pinned by a
 * test that failed before the fix: paging, case-insensitive `eq`, lost answers, deep PATCH merge,
 * lists lagging behind a new application, and the errors users meet.
 */
import { describe, expect, test } from 'vitest';
import { createGraphClient } from '../../src/graph/graph-client.ts';
import { findApplication } from '../../src/graph/find-application.ts';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { removePassword } from '../../src/graph/remove-password.ts';
import { runRotateSecret } from '../../src/rotation/rotate-secret-command.ts';
import { addPasswordTo } from './directory.ts';
import { inProcessIo, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { createStandIn } from './stand-in.ts';

describe('paging (@odata.nextLink)', () => {
  test('the display-name search reads every page: a second same-named application on page 2 is not missed', async () => {
    const standIn = createStandIn();
    standIn.graph.faults.pageSize = 1;
    seedApplication(standIn.directory);
    seedApplication(standIn.directory);
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp([], io)).toBe(1);
    expect(io.err()).toContain('error [AMBIGUOUS_APPLICATION]: 2 applications are named "entra-mcp"');
    const reads = standIn.graph.requests.filter((r) => r.startsWith("GET /applications?$filter=displayName eq 'entra-mcp'"));
    expect(reads).toHaveLength(2);
    expect(reads[1]).toMatch(/^GET \/applications\?\$filter=displayName eq 'entra-mcp'&\$skiptoken=/);
    expect(standIn.graph.requests.some((r) => !r.startsWith('GET '))).toBe(false);
  });

  test("Graph's `eq` ignores case: 'Entra-MCP' made by hand also matches, so the search refuses to guess", async () => {
    const standIn = createStandIn();
    const upper = seedApplication(standIn.directory, { displayName: 'Entra-MCP' });
    seedApplication(standIn.directory);
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp([], io)).toBe(1);
    expect(io.err()).toContain('error [AMBIGUOUS_APPLICATION]: 2 applications are named "entra-mcp"');
    expect(upper.displayName).toBe('Entra-MCP');
  });

  test("an OData-escaped name (quote doubled, & # + percent-encoded) survives the next link too", async () => {
    const standIn = createStandIn();
    standIn.graph.faults.pageSize = 1;
    const name = "O'Brien & Co #1 + 50%";
    seedApplication(standIn.directory, { displayName: name });
    seedApplication(standIn.directory, { displayName: 'other' });
    const last = seedApplication(standIn.directory, { displayName: name });
    const graph = createGraphClient({ graphUrl: 'https://graph.stand-in.test', getAccessToken: async () => standIn.directory.graphToken, fetch: standIn.fetch });
    await expect(findApplication(graph, { displayName: name })).rejects.toThrow(`2 applications are named "${name}"`);
    expect(standIn.graph.requests.at(-1)).toContain(`$filter=displayName eq 'O''Brien & Co #1 + 50%'`);
    expect(last.displayName).toBe(name);
  });
});

describe('a lost answer: Graph did the work, the client saw a 504 and retried', () => {
  test('POST /servicePrincipals: the retry meets 409 Request_MultipleObjectsWithSameKeyValue, which means done', async () => {
    const standIn = createStandIn();
    standIn.graph.faults.injected.push({ method: 'POST', path: /^\/servicePrincipals$/, times: 1, afterEffect: true });
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp([], io)).toBe(0);
    expect(io.out()).toContain('(transient-server-error: 504 UnknownError)');
    // Twice for the API's (the lost answer, then 409), once for "entra-mcp clients".
    expect(standIn.graph.requests.filter((r) => r === 'POST /servicePrincipals')).toHaveLength(3);
    expect(standIn.directory.servicePrincipals.size).toBe(2);
  });

  test('removePassword: the retry meets an unknown keyId; a re-read shows it gone, so the rotation succeeds', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory);
    standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
    const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
    standIn.graph.faults.injected.push({ method: 'POST', path: /removePassword$/, times: 1, afterEffect: true });
    const cwd = tempDir();
    writeEnv(cwd, `AZURE_TENANT_ID=${standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app.appId}\nAZURE_CLIENT_SECRET=${old.secretText}\n`);
    const io = inProcessIo(standIn, cwd);
    expect(await runRotateSecret(['--keep', '1'], io)).toBe(0);
    expect(standIn.graph.requests.filter((r) => r.endsWith('/removePassword'))).toHaveLength(2);
    expect(app.passwordCredentials?.map((p) => p.keyId)).not.toContain(old.keyId);
    expect(app.passwordCredentials).toHaveLength(1);
  });

  test('removePassword of a keyId the application still holds is not hidden by the re-read', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory);
    const pw = addPasswordTo(standIn.directory, app, { displayName: 'x' });
    standIn.graph.faults.injected.push({ method: 'POST', path: /removePassword$/, times: 1, status: 400, code: 'Request_BadRequest', message: 'Invalid keyId.' });
    const graph = createGraphClient({ graphUrl: 'https://graph.stand-in.test', getAccessToken: async () => standIn.directory.graphToken, fetch: standIn.fetch });
    await expect(removePassword(graph, String(app.id), String(pw.keyId))).rejects.toThrow('Invalid keyId.');
  });
});

describe('PATCH /applications/{id} merges complex values at every depth', () => {
  test('{"web":{"implicitGrantSettings":{"enableIdTokenIssuance":true}}} keeps the redirect URIs, logout URL and the other implicit-grant flag', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory, {
      web: { redirectUris: ['https://app.example.com/cb'], logoutUrl: 'https://app.example.com/out', homePageUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: false } },
    });
    const r = await standIn.fetch(`https://g/v1.0/applications(appId='${app.appId}')`, {
      method: 'PATCH', headers: { authorization: `Bearer ${standIn.directory.graphToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ web: { implicitGrantSettings: { enableIdTokenIssuance: true } } }),
    });
    expect(r.status).toBe(204);
    expect(app.web).toEqual({ redirectUris: ['https://app.example.com/cb'], logoutUrl: 'https://app.example.com/out', homePageUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: true } });
  });

  test("register-app's redirect-URI step leaves a hand-set logout URL and implicit-grant settings alone", async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory, { web: { redirectUris: ['https://stray.example.com/'], logoutUrl: 'https://app.example.com/out', homePageUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true } } });
    expect(await runRegisterApp([], inProcessIo(standIn, tempDir()))).toBe(0);
    expect(app.web?.redirectUris).toEqual([]);
    expect(app.web?.logoutUrl).toBe('https://app.example.com/out');
    expect(app.web?.implicitGrantSettings?.enableIdTokenIssuance).toBe(true);
  });
});

describe('eventual consistency after creating the application', () => {
  test('a run that fails after the create leaves the client id in .env, so the re-run cannot make a second application', async () => {
    const standIn = createStandIn();
    // Lists leave the new application out for a while; the PATCHes keep failing this run.
    standIn.graph.faults.listLag = 5;
    const fault = { method: 'PATCH', path: /^\/applications\//, times: 100, status: 503 };
    standIn.graph.faults.injected.push(fault);
    const cwd = tempDir();
    expect(await runRegisterApp([], inProcessIo(standIn, cwd))).toBe(1);
    const [app] = [...standIn.directory.applications.values()];
    expect(readEnv(cwd)).toBe(`AZURE_TENANT_ID=${standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app?.appId}\n`);
    expect(standIn.directory.applications.size).toBe(1); // the clients app comes after the API's steps
    fault.times = 0;
    const again = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], again)).toBe(0);
    expect(again.out()).toContain(`found ${app?.appId} (object id ${app?.id}) by client id`);
    expect([...standIn.directory.applications.values()].filter((a) => a.displayName === 'entra-mcp')).toHaveLength(1);
  });

  test('--dry-run creates nothing, so it writes nothing', async () => {
    const standIn = createStandIn();
    const cwd = tempDir();
    expect(await runRegisterApp(['--dry-run'], inProcessIo(standIn, cwd))).toBe(0);
    expect(() => readEnv(cwd)).toThrow();
  });
});

describe('errors users meet', () => {
  test('an expired or foreign MICROSOFT_GRAPH_TOKEN (401 InvalidAuthenticationToken) is a sign-in problem, not a Graph failure', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir(), { MICROSOFT_GRAPH_TOKEN: 'eyJ.expired.token' });
    expect(await runRegisterApp([], io)).toBe(1);
    expect(io.err()).toContain('error [SIGN_IN_REQUIRED]: Graph refused the access token for GET /applications?');
    expect(io.err()).toMatch(/Graph: 401 InvalidAuthenticationToken, request-id [0-9a-f-]{36}/);
    expect(io.err()).toContain('az account get-access-token --resource-type ms-graph');
    expect(io.sleeps).toEqual([]);
  });
});

describe('register-app when .env cannot be written', () => {
  test('the registration still completes; ENV_FILE_ERROR says which values to save, exit 1', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--dotenv', `${tempDir()}/missing-dir/.env`], io)).toBe(1);
    const [app] = [...standIn.directory.applications.values()];
    expect(io.out()).toContain(`could not save AZURE_CLIENT_ID=${app?.appId}`);
    expect(io.err()).toContain('error [ENV_FILE_ERROR]: the registration is done, but');
    expect(io.err()).toContain(`Save AZURE_CLIENT_ID=${app?.appId} and AZURE_TENANT_ID=${standIn.directory.tenantId} yourself`);
    expect(standIn.directory.servicePrincipals.size).toBe(2); // the API's and "entra-mcp clients"'
  });
});
