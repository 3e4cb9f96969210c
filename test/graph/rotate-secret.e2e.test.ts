/**
 * `node scripts/rotate-secret.ts` as a child process against the stand-in over https: Graph,
 * the token endpoint that proves the new secret, and Key Vault (through a fake `az`).
 */
import type { ChildProcess } from 'node:child_process';
import type { Application } from '@microsoft/microsoft-graph-types';
import { beforeEach, describe, expect, test } from 'vitest';
import { pulumiManagedMarker, PULUMI_SECRET_ROTATION_CONFIG_KEY } from '../../src/registration/app-registration.ts';
import { addPasswordTo } from './directory.ts';
import { envMode, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { runScript } from './run-script.ts';
import { serveForSuite, writeFakeAz, type StandIn } from './stand-in.ts';

const suite = serveForSuite();
let cwd: string;
let app: Application;
let oldSecret: string;
let bin: string;


beforeEach(() => {
  const d = suite.standIn.directory;
  d.applications.clear();
  d.secrets.clear();
  d.vault.clear();
  suite.standIn.graph.faults.injected.length = 0;
  suite.standIn.graph.requests.length = 0;
  suite.standIn.tokenFaults.crash = undefined;
  suite.standIn.tokenFaults.propagationDelay = 0;
  suite.standIn.vaultFaults.forbid = false;
  suite.standIn.vaultFaults.softDeleted.clear();
  app = seedApplication(d);
  d.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
  const old = addPasswordTo(d, app, { displayName: 'entra-mcp 2026-05-01', startDateTime: '2026-05-01T00:00:00Z', endDateTime: '2026-10-28T00:00:00Z' });
  // Still valid: the stand-in's clock is real time, so give it a future end date.
  (app.passwordCredentials ?? [])[0]!.endDateTime = new Date(Date.now() + 30 * 86_400_000).toISOString();
  oldSecret = old.secretText as string;
  cwd = tempDir();
  bin = writeFakeAz(cwd, d, true);
  writeEnv(cwd, `# keep me\nPORT=8123\nAZURE_TENANT_ID=${d.tenantId}\nAZURE_CLIENT_ID=${app.appId}\nAZURE_CLIENT_SECRET=${oldSecret}\n`);
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_EXTRA_CA_CERTS: suite.tls.caFile, MICROSOFT_GRAPH_URL: suite.served.url, MICROSOFT_GRAPH_TOKEN: suite.standIn.directory.graphToken,
    AZURE_AUTHORITY_HOST: suite.served.url, PATH: `${bin}:${process.env.PATH}`, ...extra,
  };
}

/** Asks the stand-in's token endpoint, as Entra would be asked: is this secret valid now? */
async function secretWorks(secret: string): Promise<boolean> {
  const body = new URLSearchParams({ client_id: String(app.appId), client_secret: secret, grant_type: 'client_credentials', scope: `${app.appId}/.default` });
  const r = await suite.standIn.fetch(`https://login/${suite.standIn.directory.tenantId}/oauth2/v2.0/token`, { method: 'POST', body });
  return r.ok;
}

const envSecret = () => /AZURE_CLIENT_SECRET=(.+)/.exec(readEnv(cwd))?.[1]?.replace(/^'|'$/g, '') ?? '';

describe('npm run rotate-secret', () => {
  test('happy path: new secret proven, stored in Key Vault and .env, the old one kept (keep 2); secret never printed', async () => {
    const run = await runScript('rotate-secret', [], { cwd, env: env({ KEY_VAULT_URL: suite.served.url }) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secret = envSecret();
    expect(secret).not.toBe(oldSecret);
    expect(await secretWorks(secret)).toBe(true);
    expect(await secretWorks(oldSecret)).toBe(true);
    expect(suite.standIn.directory.vault.get('entra-mcp-client-secret')?.at(-1)?.value).toBe(secret);
    expect(readEnv(cwd)).toMatch(/^# keep me\nPORT=8123\n/);
    expect(envMode(cwd)).toBe(0o600);
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain(`hint ${secret.slice(0, 3)}…`);
    expect(run.stdout).toMatch(/Rotated: new secret "entra-mcp \d{4}-\d{2}-\d{2}", hint .{3}…, expires \d{4}-/);
    expect(run.stdout).toContain('proven: Entra issued a token with the new secret, signed by its published keys for this client and tenant');
    expect(run.stdout).toContain('removed       (none)');

    // A second rotation with --keep 1 removes both older passwords.
    const second = await runScript('rotate-secret', ['--keep', '1', '--json'], { cwd, env: env() });
    expect(second.code).toBe(0);
    const json = JSON.parse(second.stdout) as { removed: { hint: string }[]; added: Record<string, unknown> };
    expect(json.removed).toHaveLength(2);
    expect(json.added.secretText).toBeUndefined();
    expect(await secretWorks(oldSecret)).toBe(false);
    expect(await secretWorks(envSecret())).toBe(true);
    expect(app.passwordCredentials).toHaveLength(1);
  });

  test('crash between adding the new password and removing the old: both secrets valid, .env holds the new proven one; a re-run cleans up', async () => {
    let child: ChildProcess | undefined;
    suite.standIn.graph.faults.injected.push({ method: 'POST', path: /removePassword$/, times: 1, crash: () => { child?.kill('SIGKILL'); throw new Error('client killed'); } });
    const run = await runScript('rotate-secret', ['--keep', '1'], { cwd, env: env({ KEY_VAULT_URL: suite.served.url }), onSpawn: (c) => (child = c) });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toContain('removing older password "entra-mcp 2026-05-01"');
    // .env was written atomically before any removal: it holds the new secret, which works.
    expect(envSecret()).not.toBe(oldSecret);
    expect(await secretWorks(envSecret())).toBe(true);
    // The old secret was never removed: anything still using it keeps working.
    expect(await secretWorks(oldSecret)).toBe(true);
    expect(suite.standIn.directory.vault.get('entra-mcp-client-secret')?.at(-1)?.value).toBe(envSecret());
    expect(envMode(cwd)).toBe(0o600);
    expect(readEnv(cwd)).toMatch(/^# keep me\nPORT=8123\n/);

    const rerun = await runScript('rotate-secret', ['--keep', '1'], { cwd, env: env() });
    expect(rerun.code).toBe(0);
    expect(app.passwordCredentials).toHaveLength(1);
    expect(await secretWorks(envSecret())).toBe(true);
  });

  test('crash after adding, before the secret is saved: .env unchanged, old secret valid; the orphan goes on the next run', async () => {
    let child: ChildProcess | undefined;
    suite.standIn.tokenFaults.crash = () => {
      suite.standIn.tokenFaults.crash = undefined;
      child?.kill('SIGKILL');
      throw new Error('client killed');
    };
    const before = readEnv(cwd);
    const run = await runScript('rotate-secret', ['--keep', '1'], { cwd, env: env(), onSpawn: (c) => (child = c) });
    expect(run.signal).toBe('SIGKILL');
    expect(readEnv(cwd)).toBe(before);
    expect(await secretWorks(oldSecret)).toBe(true);
    expect(app.passwordCredentials).toHaveLength(2); // the orphan nobody holds

    // Default keep 2: the new one and the one .env held (matched by hint), not the orphan.
    const orphan = app.passwordCredentials?.at(-1)?.keyId;
    const rerun = await runScript('rotate-secret', [], { cwd, env: env() });
    expect(rerun.code).toBe(0);
    expect(app.passwordCredentials).toHaveLength(2);
    expect(app.passwordCredentials?.some((p) => p.keyId === orphan)).toBe(false);
    expect(await secretWorks(oldSecret)).toBe(true);
    expect(await secretWorks(envSecret())).toBe(true);
  });

  test('a wrong tenant (AADSTS90002 from its discovery document): stops before any password is added, .env unchanged', async () => {
    const before = readEnv(cwd);
    const run = await runScript('rotate-secret', ['--tenant', '00000000-0000-0000-0000-000000000001'], { cwd, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error [TOKEN_NOT_PROVEN]: the authority's discovery document for tenant 00000000-0000-0000-0000-000000000001 could not be read: 400: AADSTS90002: Tenant");
    expect(suite.standIn.graph.requests.some((r) => r.endsWith('/addPassword'))).toBe(false);
    expect(readEnv(cwd)).toBe(before);
    expect(app.passwordCredentials).toHaveLength(1);
    expect(await secretWorks(oldSecret)).toBe(true);
  });

  test('Key Vault refuses (403 ForbiddenByRbac): withdrawn, .env unchanged, the role named', async () => {
    suite.standIn.vaultFaults.forbid = true;
    const before = readEnv(cwd);
    const run = await runScript('rotate-secret', [], { cwd, env: env({ KEY_VAULT_URL: suite.served.url }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error [KEY_VAULT_ERROR]: Key Vault refused to store the secret: 403 Forbidden/ForbiddenByRbac');
    expect(run.stderr).toContain('Key Vault Secrets Officer');
    expect(readEnv(cwd)).toBe(before);
    expect(app.passwordCredentials).toHaveLength(1);
  });

  test('a registration managed by a Pulumi stack: refuses and says exactly what to do instead', async () => {
    // Where the Pulumi program puts its marker: the application's notes.
    app.notes = pulumiManagedMarker('prod');
    const before = readEnv(cwd);
    const run = await runScript('rotate-secret', [], { cwd, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error [PULUMI_MANAGED]: application ${app.appId} is managed by the Pulumi stack "prod"; refusing to rotate the client secret behind the stack's back`);
    expect(run.stderr).toMatch(new RegExp(`pulumi config set ${PULUMI_SECRET_ROTATION_CONFIG_KEY} \\d{4}-\\d{2}-\\d{2} --stack prod\`, then \`pulumi up --stack prod\``));
    expect(app.passwordCredentials).toHaveLength(1);
    expect(readEnv(cwd)).toBe(before);
  });

  test('--dry-run: says what would happen, changes nothing', async () => {
    const before = readEnv(cwd);
    const run = await runScript('rotate-secret', ['--dry-run', '--keep', '1'], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would add password "entra-mcp ');
    expect(run.stdout).toContain('would then remove "entra-mcp 2026-05-01"');
    expect(suite.standIn.graph.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(readEnv(cwd)).toBe(before);
  });

  test('--show-secret prints it; passwords not made by this tool are left alone', async () => {
    addPasswordTo(suite.standIn.directory, app, { displayName: 'ci pipeline', startDateTime: '2026-01-01T00:00:00Z', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
    const run = await runScript('rotate-secret', ['--show-secret', '--keep', '1'], { cwd, env: env() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`secret value  ${envSecret()}`);
    expect(run.stdout).toContain('not ours      "ci pipeline" (left alone)');
    expect(app.passwordCredentials?.map((p) => p.displayName).sort()).toEqual(['ci pipeline', expect.stringMatching(/^entra-mcp /)]);
  });
});
