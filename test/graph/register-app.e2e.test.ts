/**
 * `node scripts/register-app.ts` as a child process against the stand-in over https (its
 * throwaway CA trusted through NODE_EXTRA_CA_CERTS): the real script, the real Graph client
 * library, the real `.env` file.
 */
import { describe, expect, test } from 'vitest';
import { appRegistration, pulumiManagedMarker } from '../../src/registration/app-registration.ts';
import { byClientId } from './directory.ts';
import { envMode, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { runScript } from './run-script.ts';
import { serveForSuite, writeFakeAz, type StandIn } from './stand-in.ts';

const suite = serveForSuite();

/** An empty directory and no faults for the next test, on the same server. */
function fresh(): StandIn {
  for (const key of ['applications', 'servicePrincipals', 'secrets', 'vault'] as const) (suite.standIn.directory[key] as Map<string, unknown>).clear();
  Object.assign(suite.standIn.graph.faults, { replicationDelay: 0, servicePrincipalLag: 0, denyWrites: false, refuseIdentifierUris: false, pageSize: 100, listLag: 0 });
  suite.standIn.graph.faults.injected.length = 0;
  suite.standIn.graph.requests.length = 0;
  return suite.standIn;
}

/** `fresh()`, and an empty working directory. */
const freshCwd = (): string => (fresh(), tempDir());

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: suite.tls.caFile, MICROSOFT_GRAPH_URL: suite.served.url, MICROSOFT_GRAPH_TOKEN: suite.standIn.directory.graphToken, AZURE_AUTHORITY_HOST: suite.served.url, ...extra };
}

describe('npm run register-app', () => {
  test('fresh create, then a second run changes nothing; .env is 0600 and keeps unrelated lines', async () => {
    const cwd = freshCwd();
    writeEnv(cwd, '# my settings\nPORT=8123\n');
    const first = await runScript('register-app', [], { cwd, env: env() });
    expect([first.code, first.stderr]).toEqual([0, '']);
    for (const step of ['create application "entra-mcp"', 'access token version: null (v1) -> 2', 'identifier URI: (none) -> api://', 'scope: add "access_as_user"', 'pre-authorized clients: Azure CLI', 'publicClient redirect URIs', 'allow public client flows', 'service principal for']) {
      expect(first.stdout).toContain(step);
    }
    const [app, clients] = [...suite.standIn.directory.applications.values()];
    expect(app?.api?.requestedAccessTokenVersion).toBe(2);
    expect(app?.identifierUris).toEqual([`api://${app?.appId}`]);
    expect(clients?.displayName).toBe('entra-mcp clients');
    expect(app?.api?.preAuthorizedApplications?.map((p) => p.appId)).toEqual([...appRegistration.preAuthorizedClients.map((c) => c.appId), clients?.appId]);
    expect(app?.isFallbackPublicClient).toBe(true);
    expect(readEnv(cwd)).toBe(`# my settings\nPORT=8123\nAZURE_TENANT_ID=${suite.standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app?.appId}\nMCP_CLIENTS_CLIENT_ID=${clients?.appId}\n`);
    expect(envMode(cwd)).toBe(0o600);

    suite.standIn.graph.requests.length = 0;
    const second = await runScript('register-app', [], { cwd, env: env() });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`found ${app?.appId}`);
    expect(second.stdout).toContain('by client id');
    expect(second.stdout).toContain('No changes: the registration already matches the description.');
    expect(second.stdout).toContain('already up to date');
    expect(suite.standIn.graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
  });

  test('after npm run dev: ignores the local stack ids and forgets the local authority, so npm run token goes to Entra', async () => {
    const cwd = freshCwd();
    const localTenant = 'f0c4a7e2-3d1b-4c8e-9a6f-0b2d4e6f8a1c';
    const localApp = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';
    writeEnv(cwd, `AZURE_TENANT_ID=${localTenant}\nAZURE_CLIENT_ID=${localApp}\nAZURE_AUTHORITY_HOST=http://127.0.0.1:8010\nSECURE_SERVER_URL=http://localhost:8000\n`);
    const run = await runScript('register-app', [], { cwd, env: env() });
    expect([run.code, run.stderr]).toEqual([0, '']);
    const [app] = [...suite.standIn.directory.applications.values()];
    const written = readEnv(cwd);
    expect(written).not.toContain('AZURE_AUTHORITY_HOST');
    expect(written).not.toContain(localApp);
    expect(written).toContain(`AZURE_CLIENT_ID=${app?.appId}`);
    expect(written).toContain(`AZURE_TENANT_ID=${suite.standIn.directory.tenantId}`);
    expect(written).toContain('SECURE_SERVER_URL=http://localhost:8000');
    expect(run.stdout).toContain(`holds the local stack of npm run dev (AZURE_TENANT_ID=${localTenant}, AZURE_CLIENT_ID=${localApp}, AZURE_AUTHORITY_HOST=http://127.0.0.1:8010): ignoring those values`);
  });

  test('finds an existing registration by display name and completes it', async () => {
    fresh();
    const seeded = seedApplication(suite.standIn.directory, { tags: [] });
    const cwd = tempDir();
    const run = await runScript('register-app', [], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`found ${seeded.appId} (object id ${seeded.id}) by display name`);
    expect([...suite.standIn.directory.applications.values()].map((a) => a.displayName)).toEqual(['entra-mcp', 'entra-mcp clients']);
    expect(readEnv(cwd)).toContain(`AZURE_CLIENT_ID=${seeded.appId}`);
  });

  test('two registrations with the display name: refuses to guess', async () => {
    fresh();
    const a = seedApplication(suite.standIn.directory);
    const b = seedApplication(suite.standIn.directory);
    const cwd = tempDir();
    const run = await runScript('register-app', [], { cwd, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error [AMBIGUOUS_APPLICATION]: 2 applications are named "entra-mcp"');
    for (const text of [String(a.appId), String(b.appId), '--client-id']) expect(run.stderr).toContain(text);
    expect(suite.standIn.graph.requests.some((r) => !r.startsWith('GET '))).toBe(false);
  });

  test('--dry-run prints the plan and changes nothing', async () => {
    const cwd = freshCwd();
    const run = await runScript('register-app', ['--dry-run'], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('plan: create application "entra-mcp"');
    expect(run.stdout).toContain('plan: identifier URI: (none) -> api://<new client id>');
    expect(run.stdout).toContain('Dry run: 9 change(s) would be made; nothing was changed.');
    expect(suite.standIn.directory.applications.size).toBe(0);
    expect(suite.standIn.graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(() => readEnv(cwd)).toThrow();
  });

  test('transient faults all at once (replication 404, NoBackingApplicationObject, 429 Retry-After, 503): each waited out and shown', async () => {
    fresh();
    suite.standIn.graph.faults.replicationDelay = 1;
    suite.standIn.graph.faults.servicePrincipalLag = 1;
    // Real waits, kept small (one of each; in-process tests check the timing exactly).
    suite.standIn.graph.faults.injected.push({ method: 'GET', times: 1, status: 503 });
    suite.standIn.graph.faults.injected.push({ method: 'POST', path: /^\/servicePrincipals$/, times: 1, status: 429, code: 'TooManyRequests', message: 'Too many requests', retryAfter: '1' });
    const cwd = tempDir();
    const run = await runScript('register-app', [], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('waiting 0.5 s (transient-server-error: 503 serviceNotAvailable), then attempt 2 of 8');
    expect(run.stdout).toContain('waiting 0.5 s (replication-delay: 404 Request_ResourceNotFound), then attempt 2 of 8');
    expect(run.stdout).toContain('waiting 1.0 s (throttled: 429 TooManyRequests), then attempt 2 of 8');
    expect(run.stdout).toContain('(service-principal-replication: 400 Request_BadRequest)');
    expect(run.stdout).toContain('Done: 15 change(s) made.');
    expect(suite.standIn.directory.servicePrincipals.size).toBe(2);
  });

  test('403 Authorization_RequestDenied names the Entra roles needed and the request id', async () => {
    fresh();
    suite.standIn.graph.faults.denyWrites = true;
    const run = await runScript('register-app', [], { cwd: tempDir(), env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error [AUTHORIZATION_DENIED]: Graph refused POST /applications: Insufficient privileges to complete the operation.');
    expect(run.stderr).toMatch(/Graph: 403 Authorization_RequestDenied, request-id [0-9a-f-]{36}/);
    expect(run.stderr).toContain('Application Developer');
    expect(run.stderr).toContain('Cloud Application Administrator');
  });

  test('identifier URI refused by tenant policy: explains the api://{appId} rule', async () => {
    fresh();
    suite.standIn.graph.faults.refuseIdentifierUris = true;
    const run = await runScript('register-app', [], { cwd: tempDir(), env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error [IDENTIFIER_URI_REFUSED]');
    expect(run.stderr).toContain('(HostNameNotOnVerifiedDomain)');
    expect(run.stderr).toContain('api://{appId}');
  });

  test('not signed in (no MICROSOFT_GRAPH_TOKEN, Azure CLI signed out): says to run az login', async () => {
    const cwd = freshCwd();
    const bin = writeFakeAz(cwd, suite.standIn.directory, false);
    const { MICROSOFT_GRAPH_TOKEN: _, ...rest } = env({ AZURE_TENANT_ID: suite.standIn.directory.tenantId });
    const run = await runScript('register-app', [], { cwd, env: { ...rest, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error [SIGN_IN_REQUIRED]');
    expect(run.stderr).toContain(`Run \`az login --tenant ${suite.standIn.directory.tenantId}\``);
  });

  test('signed in with the Azure CLI: the @azure/identity credential path works', async () => {
    const cwd = freshCwd();
    const bin = writeFakeAz(cwd, suite.standIn.directory, true);
    const { MICROSOFT_GRAPH_TOKEN: _, ...rest } = env();
    const run = await runScript('register-app', [], { cwd, env: { ...rest, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.code).toBe(0);
    // The tenant came from the token's `tid`, as none was configured.
    expect(readEnv(cwd)).toContain(`AZURE_TENANT_ID=${suite.standIn.directory.tenantId}`);
  });

  test('--write-secret: the initial secret goes to .env, only its hint is printed; --show-secret prints it', async () => {
    const cwd = freshCwd();
    const run = await runScript('register-app', ['--write-secret'], { cwd, env: env() });
    expect(run.code).toBe(0);
    const secret = /AZURE_CLIENT_SECRET=(.+)/.exec(readEnv(cwd))?.[1]?.replace(/^'|'$/g, '') ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain(`hint ${secret.slice(0, 3)}…`);
    expect(envMode(cwd)).toBe(0o600);

    fresh();
    const shown = await runScript('register-app', ['--show-secret', '--json'], { cwd: tempDir(), env: env() });
    const json = JSON.parse(shown.stdout) as { ok: boolean; secret: { secretText: string; hint: string } };
    expect(json.ok).toBe(true);
    expect(json.secret.secretText.slice(0, 3)).toBe(json.secret.hint);
    expect(suite.standIn.directory.secrets.get([...suite.standIn.directory.secrets.keys()][0] as string)).toBe(json.secret.secretText);
  });

  test('a registration managed by a Pulumi stack is not changed behind its back', async () => {
    fresh();
    // The Pulumi program marks its service principal (and the application's notes).
    const app = seedApplication(suite.standIn.directory);
    suite.standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId, tags: ['WindowsAzureActiveDirectoryIntegratedApp', pulumiManagedMarker('dev')] });
    const run = await runScript('register-app', [], { cwd: tempDir(), env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error [PULUMI_MANAGED]: application ${app.appId} is managed by the Pulumi stack "dev"`);
    expect(run.stderr).toContain('pulumi up --stack dev');
    expect(byClientId(suite.standIn.directory, String(app.appId))?.identifierUris).toEqual([]);
  });
});
