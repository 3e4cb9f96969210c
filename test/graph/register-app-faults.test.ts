/**
 * register-app in-process against the stand-in (as `fetch`), one fault at a time, with the
 * sleep recorded instead of waited: exact retry timing, no real timers.
 */
import { describe, expect, test } from 'vitest';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { byClientId } from './directory.ts';
import { inProcessIo, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';

async function run(setup: (s: ReturnType<typeof createStandIn>) => void, args: string[] = []) {
  const standIn = createStandIn();
  setup(standIn);
  const io = inProcessIo(standIn, tempDir());
  const code = await runRegisterApp(args, io);
  return { code, io, standIn };
}

describe('register-app survives Graph faults', () => {
  test('replication delay: 404 Request_ResourceNotFound after creating the app, waited out with backoff', async () => {
    const { code, io } = await run((s) => void (s.graph.faults.replicationDelay = 3));
    expect(code).toBe(0);
    // Both applications (the API and "entra-mcp clients") are new, and each lags the same way.
    expect(io.sleeps).toEqual([500, 1000, 2000, 500, 1000, 2000]);
    expect(io.out()).toContain('waiting 0.5 s (replication-delay: 404 Request_ResourceNotFound), then attempt 2 of 8');
    expect(io.out()).toContain('Done: 15 change(s) made.');
  });
  test('service principal right after the app: 400 NoBackingApplicationObject, retried', async () => {
    const { code, io, standIn } = await run((s) => void (s.graph.faults.servicePrincipalLag = 2));
    expect(code).toBe(0);
    expect(io.sleeps).toEqual([500, 1000, 500, 1000]); // the API's, then the clients app's
    expect(io.out()).toContain('(service-principal-replication: 400 Request_BadRequest)');
    expect(standIn.directory.servicePrincipals.size).toBe(2);
  });
  test('429 with Retry-After: waits exactly what Graph asked', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'PATCH', times: 1, status: 429, code: 'TooManyRequests', message: 'Too many requests', retryAfter: '7' }));
    expect(code).toBe(0);
    expect(io.sleeps).toEqual([7000]);
    expect(io.out()).toContain('waiting 7.0 s (throttled: 429 TooManyRequests)');
  });
  test('transient 503 on a PATCH: retried', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'PATCH', times: 2, status: 503 }));
    expect(code).toBe(0);
    expect(io.sleeps).toEqual([500, 1000]);
    expect(io.out()).toContain('(transient-server-error: 503 serviceNotAvailable)');
  });
  test('a 503 that does not go away: bounded, then a clear stop; a re-run finishes the job', async () => {
    const standIn = createStandIn();
    const fault = { method: 'PATCH', path: /^\/applications\//, times: 100, status: 503 };
    standIn.graph.faults.injected.push(fault);
    const cwd = tempDir();
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], io)).toBe(1);
    expect(io.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000]);
    expect(io.err()).toContain('error [RETRIES_EXHAUSTED]: Graph kept failing with server errors: gave up on PATCH /applications/');
    expect(io.err()).toMatch(/Graph: 503 serviceNotAvailable, request-id [0-9a-f-]{36}/);
    fault.times = 0;
    const again = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], again)).toBe(0);
    expect(again.out()).toContain('found'); // by display name: no second application
    // The API once, and "entra-mcp clients", made by the re-run (the first stopped before it).
    expect([...standIn.directory.applications.values()].map((a) => a.displayName).sort()).toEqual(['entra-mcp', 'entra-mcp clients']);
  });
  test('a 503 on creating the application is not retried (it may have succeeded); a re-run finds by name', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'POST', path: /^\/applications$/, times: 1, status: 503 }));
    expect(code).toBe(1);
    expect(io.sleeps).toEqual([]);
    expect(io.err()).toContain('error [GRAPH_ERROR]: Graph refused POST /applications');
  });
  test('Retry-After longer than the bound: stops and says how long Graph asked to wait', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'GET', times: 1, status: 429, code: 'TooManyRequests', retryAfter: '600' }));
    expect(code).toBe(1);
    expect(io.err()).toContain('Graph asked to wait 600 s');
  });
  test('no answer (connection dropped) on a read: retried', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'GET', times: 1, crash: () => { throw new TypeError('fetch failed'); } }));
    expect(code).toBe(0);
    expect(io.out()).toContain('(network-error: no answer)');
  });
});

describe('errors users meet', () => {
  test('any 400 on the identifier-URI step explains the api://{appId} rule, whatever Graph calls it', async () => {
    const { code, io } = await run((s) => s.graph.faults.injected.push({ method: 'PATCH', body: /identifierUris/, times: 1, status: 400, code: 'Request_BadRequest', message: 'Identifier URI policy violation.' }));
    expect(code).toBe(1);
    expect(io.err()).toContain('error [IDENTIFIER_URI_REFUSED]: the tenant refused the identifier URI: Identifier URI policy violation.');
    expect(io.err()).toContain('api://{appId}');
  });
  test('a client id that names no application: APPLICATION_NOT_FOUND, never a second registration', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir(), { AZURE_CLIENT_ID: '99999999-9999-9999-9999-999999999999' });
    expect(await runRegisterApp([], io)).toBe(1);
    expect(io.err()).toContain('error [APPLICATION_NOT_FOUND]: no application with client id 99999999-9999-9999-9999-999999999999');
    expect(io.err()).toContain('If it was created moments ago, wait a minute and run again');
    expect(io.sleeps).toEqual([]); // a 404 for a configured id is an answer, not a replication delay
    expect(standIn.directory.applications.size).toBe(0);
  });
});

describe('the stand-in enforces what Graph enforces', () => {
  const token = (s: ReturnType<typeof createStandIn>) => ({ authorization: `Bearer ${s.directory.graphToken}`, 'content-type': 'application/json' });
  test('a pre-authorization naming a scope created in the same PATCH is refused', async () => {
    const s = createStandIn();
    const created = await (await s.fetch('https://g/v1.0/applications', { method: 'POST', headers: token(s), body: JSON.stringify({ displayName: 'x' }) })).json() as { id: string };
    const scopeId = '7d3f6a52-5c1e-4d8b-9f0a-2b6c4e8a1d35';
    const api = { oauth2PermissionScopes: [{ id: scopeId, value: 'a', type: 'User', isEnabled: true }], preAuthorizedApplications: [{ appId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', delegatedPermissionIds: [scopeId] }] };
    const refused = await s.fetch(`https://g/v1.0/applications/${created.id}`, { method: 'PATCH', headers: token(s), body: JSON.stringify({ api }) });
    expect(refused.status).toBe(400);
    // Code and details as Graph sends them (REPORTED: microsoftgraph/microsoft-graph-docs#12675).
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({
      code: 'InvalidValue',
      message: 'Property api.preAuthorizedApplications.delegatedPermissionIds has a Permission Id that cannot be found in the AppPermissions sets.',
      details: [{ target: 'api.preAuthorizedApplications.delegatedPermissionIds', code: 'InvalidValue' }],
    });
  });
  test('deleting an enabled scope: CannotDeleteOrUpdateEnabledEntitlement', async () => {
    const s = createStandIn();
    const created = await (await s.fetch('https://g/v1.0/applications', { method: 'POST', headers: token(s), body: JSON.stringify({ displayName: 'x' }) })).json() as { id: string; appId: string };
    const url = `https://g/v1.0/applications(appId='${created.appId}')`;
    const scope = { id: '7d3f6a52-5c1e-4d8b-9f0a-2b6c4e8a1d35', value: 'a', type: 'User', isEnabled: true };
    expect((await s.fetch(url, { method: 'PATCH', headers: token(s), body: JSON.stringify({ api: { oauth2PermissionScopes: [scope] } }) })).status).toBe(204);
    const refused = await s.fetch(url, { method: 'PATCH', headers: token(s), body: JSON.stringify({ api: { oauth2PermissionScopes: [] } }) });
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CannotDeleteOrUpdateEnabledEntitlement');
    expect(byClientId(s.directory, created.appId)?.api?.oauth2PermissionScopes).toHaveLength(1);
  });
  test('addPassword returns secretText once, hint = first 3 characters, 2-year default end', async () => {
    const s = createStandIn(() => new Date('2026-11-22T00:00:00Z'));
    const created = await (await s.fetch('https://g/v1.0/applications', { method: 'POST', headers: token(s), body: JSON.stringify({ displayName: 'x' }) })).json() as { id: string };
    const pw = await (await s.fetch(`https://g/v1.0/applications/${created.id}/addPassword`, { method: 'POST', headers: token(s), body: JSON.stringify({ passwordCredential: { displayName: 'p' } }) })).json() as { secretText: string; hint: string; endDateTime: string };
    expect(pw.hint).toBe(pw.secretText.slice(0, 3));
    expect(pw.endDateTime).toBe('2028-11-22T00:00:00.000Z');
    const app = await (await s.fetch(`https://g/v1.0/applications/${created.id}`, { headers: token(s) })).json() as { passwordCredentials: { secretText: string | null }[] };
    expect(app.passwordCredentials[0]?.secretText).toBeNull();
  });
  test('no token: 401 InvalidAuthenticationToken', async () => {
    const s = createStandIn();
    const r = await s.fetch('https://g/v1.0/applications?$filter=appId eq \'x\'');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { error: { code: string; innerError: Record<string, string> } }).error).toMatchObject({ code: 'InvalidAuthenticationToken', innerError: { 'request-id': expect.any(String), date: expect.any(String) } });
  });
});

describe('flags', () => {
  test('--help prints usage and exits 0; an unknown flag is a USAGE error, exit 2', async () => {
    const standIn = createStandIn();
    const help = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--help'], help)).toBe(0);
    expect(help.out()).toContain('Usage: npm run register-app -- [options]');
    const typo = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--dryrun'], typo)).toBe(2);
    expect(typo.err()).toContain("npm run register-app: error [USAGE]: Unknown option '--dryrun'");
    expect(typo.err()).toContain('npm run register-app -- --help');
    expect(standIn.graph.requests).toEqual([]);
  });
});
