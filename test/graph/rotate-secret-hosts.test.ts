/**
 * Where rotate-secret sends the new client secret (issue: a hostile or leftover .env line must
 * not redirect it), and what counts as proof that Entra accepted it.
 */
import { describe, expect, test } from 'vitest';
import { runRotateSecret } from '../../src/rotation/rotate-secret-command.ts';
import { addPasswordTo } from './directory.ts';
import { inProcessIo, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { createStandIn } from './stand-in.ts';

function setUp(envText?: (ids: { tenant: string; client: string; secret: string }) => string) {
  const standIn = createStandIn();
  const app = seedApplication(standIn.directory, { api: { requestedAccessTokenVersion: 2 } });
  standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
  const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', startDateTime: '2026-05-01T00:00:00Z', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
  const cwd = tempDir();
  const ids = { tenant: standIn.directory.tenantId, client: String(app.appId), secret: String(old.secretText) };
  writeEnv(cwd, envText?.(ids) ?? `AZURE_TENANT_ID=${ids.tenant}\nAZURE_CLIENT_ID=${ids.client}\nAZURE_CLIENT_SECRET=${ids.secret}\n`);
  // Every URL anything was sent to, and what a client secret went to.
  const sent: string[] = [];
  const secretsTo: string[] = [];
  const base = inProcessIo(standIn, cwd);
  // Only the Graph token from the environment: hosts come from .env, flags or the defaults.
  const io = {
    ...base,
    env: { MICROSOFT_GRAPH_TOKEN: standIn.directory.graphToken },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push(request.url);
      if ((await request.clone().text()).includes('client_secret=')) secretsTo.push(new URL(request.url).origin);
      return standIn.fetch(request);
    }) as typeof fetch,
  };
  return { standIn, app, cwd, io, sent, secretsTo, oldSecret: ids.secret };
}

describe('rotate-secret sends the secret only to a Microsoft authority', () => {
  test('a non-Microsoft AZURE_AUTHORITY_HOST in .env: exit 2 before anything is sent, naming the host and the flag', async () => {
    const { io, sent, app, cwd } = setUp((i) => `AZURE_TENANT_ID=${i.tenant}\nAZURE_CLIENT_ID=${i.client}\nAZURE_AUTHORITY_HOST=https://login.evil.example\n`);
    const before = readEnv(cwd);
    expect(await runRotateSecret([], io)).toBe(2);
    expect(io.err()).toContain('error [INVALID_SETTINGS]: AZURE_AUTHORITY_HOST is https://login.evil.example, which is not a Microsoft host');
    expect(io.err()).toContain('pass --allow-authority-host login.evil.example');
    expect(sent).toEqual([]);
    expect(app.passwordCredentials).toHaveLength(1);
    expect(readEnv(cwd)).toBe(before);
  });

  test('plain http is refused even on loopback (the secret would travel in clear text)', async () => {
    const { io, sent } = setUp();
    expect(await runRotateSecret(['--authority-host', 'http://127.0.0.1:8010'], io)).toBe(2);
    expect(io.err()).toContain('AZURE_AUTHORITY_HOST must be an https URL: http://127.0.0.1:8010 would receive a client secret in clear text');
    expect(sent).toEqual([]);
  });

  test('a non-Microsoft MICROSOFT_GRAPH_URL: exit 2, no Graph token sent', async () => {
    const { io, sent } = setUp();
    expect(await runRotateSecret(['--graph-url', 'https://graph.evil.example'], io)).toBe(2);
    expect(io.err()).toContain('MICROSOFT_GRAPH_URL is https://graph.evil.example, which is not a Microsoft host');
    expect(sent).toEqual([]);
  });

  test('a KEY_VAULT_URL that is not an Azure Key Vault: exit 2 before the secret exists; a vault of a national cloud is accepted', async () => {
    const { io, sent, app } = setUp();
    expect(await runRotateSecret(['--key-vault-url', 'https://kv.vault.azure.net.evil.example'], io)).toBe(2);
    expect(io.err()).toContain('error [INVALID_SETTINGS]: KEY_VAULT_URL is https://kv.vault.azure.net.evil.example, which is not a Microsoft host');
    expect(io.err()).toContain('--allow-key-vault-host kv.vault.azure.net.evil.example');
    expect(sent).toEqual([]);
    expect(app.passwordCredentials).toHaveLength(1);
    const sovereign = setUp();
    await runRotateSecret(['--key-vault-url', 'https://kv.vault.usgovcloudapi.net', '--dry-run'], sovereign.io);
    expect(sovereign.io.err()).toBe('');
  });

  test('--allow-authority-host lets exactly that host in, with a warning naming it', async () => {
    const { io, secretsTo } = setUp();
    expect(await runRotateSecret(['--authority-host', 'https://login.contoso.example', '--allow-authority-host', 'login.contoso.example'], io)).toBe(0);
    expect(io.err()).toContain('warning: AZURE_AUTHORITY_HOST is https://login.contoso.example, not a Microsoft host; --allow-authority-host login.contoso.example lets a client secret go there.');
    expect(secretsTo).toEqual(['https://login.contoso.example']);
    const other = setUp();
    expect(await runRotateSecret(['--authority-host', 'https://login.contoso.example', '--allow-authority-host', 'other.example'], other.io)).toBe(2);
  });

  test('the .env npm run dev leaves, with real ids on the command line: the local authority and ids are ignored and forgotten', async () => {
    const localTenant = 'f0c4a1e2-0000-4000-8000-000000000001';
    const { io, secretsTo, sent, cwd, app, standIn } = setUp(() => `AZURE_TENANT_ID=${localTenant}\nAZURE_CLIENT_ID=0b0c0d0e-0000-4000-8000-000000000002\nAZURE_AUTHORITY_HOST=http://127.0.0.1:8010\nMCP_SERVER_URL=http://localhost:8000\n`);
    expect(await runRotateSecret(['--tenant', standIn.directory.tenantId, '--client-id', String(app.appId)], io)).toBe(0);
    expect(io.out()).toContain(`holds the local stack of npm run dev (AZURE_TENANT_ID=${localTenant}, AZURE_CLIENT_ID=0b0c0d0e-0000-4000-8000-000000000002, AZURE_AUTHORITY_HOST=http://127.0.0.1:8010): ignoring those values`);
    expect(secretsTo).toEqual(['https://login.microsoftonline.com']);
    expect(sent.every((u) => u.startsWith('https://login.microsoftonline.com/') || u.startsWith('https://graph.microsoft.com/'))).toBe(true);
    const written = readEnv(cwd);
    expect(written).not.toContain('AZURE_AUTHORITY_HOST');
    expect(written).toContain(`AZURE_TENANT_ID=${standIn.directory.tenantId}`);
  });

  test('the local stack .env alone: its ids are not looked up in the real tenant; the registration is found by name', async () => {
    const { io, app } = setUp(() => 'AZURE_TENANT_ID=f0c4a1e2-0000-4000-8000-000000000001\nAZURE_CLIENT_ID=0b0c0d0e-0000-4000-8000-000000000002\nAZURE_AUTHORITY_HOST=http://127.0.0.1:8010\n');
    expect(await runRotateSecret([], io)).toBe(0);
    expect(io.out()).toContain('looking for the application by display name "entra-mcp"');
    expect(io.out()).not.toContain('by client id 0b0c0d0e');
    expect(app.passwordCredentials).toHaveLength(2);
  });

  test('a client id that names nothing: the advice is about rotate-secret, not about creating a registration', async () => {
    const { io } = setUp();
    expect(await runRotateSecret(['--client-id', '99999999-9999-4999-8999-999999999999'], io)).toBe(1);
    expect(io.err()).toContain('error [APPLICATION_NOT_FOUND]');
    expect(io.err()).toContain('rotate-secret only replaces the secret of an existing registration');
    expect(io.err()).not.toContain('run again to create a new one');
  });
});

describe('a 200 from the token endpoint is not proof', () => {
  for (const forge of ['opaque', 'other-key', 'other-client', 'other-tenant'] as const) {
    test(`${forge}: TOKEN_NOT_PROVEN, the new password withdrawn, .env unchanged`, async () => {
      const { io, standIn, app, cwd } = setUp();
      standIn.tokenFaults.forge = forge;
      const before = readEnv(cwd);
      expect(await runRotateSecret(['--keep', '1'], io)).toBe(1);
      expect(io.err()).toContain('error [TOKEN_NOT_PROVEN]');
      expect(io.err()).toContain('The new password was removed again');
      expect(io.out()).not.toContain('proven:');
      expect(readEnv(cwd)).toBe(before);
      expect(app.passwordCredentials).toHaveLength(1);
    });
  }

  test('a v1 token (appid, sts.windows.net issuer) from the real keys proves it too', async () => {
    const { io, standIn, app } = setUp();
    app.api = { ...app.api, requestedAccessTokenVersion: null };
    expect(await runRotateSecret([], io)).toBe(0);
    expect(io.out()).toContain('proven: Entra issued a token with the new secret, signed by its published keys');
    expect(standIn.directory.applications.size).toBe(1);
  });
});
