/**
 * The token endpoint, Key Vault and `.env` around rotate-secret, as Entra and Key Vault behave,
 * each pinned by a test that failed before the fix.
 */
import { describe, expect, test } from 'vitest';
import { runRotateSecret } from '../../src/rotation/rotate-secret-command.ts';
import { setKeyVaultSecret } from '../../src/rotation/set-key-vault-secret.ts';
import { addPasswordTo } from './directory.ts';
import { inProcessIo, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { createStandIn } from './stand-in.ts';

describe('the token endpoint that proves a new secret', () => {
  test('no service principal: Entra answers AADSTS7000229; rotate-secret withdraws the new password and says to run register-app', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory);
    const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
    const cwd = tempDir();
    writeEnv(cwd, `AZURE_TENANT_ID=${standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app.appId}\nAZURE_CLIENT_SECRET=${old.secretText}\n`);
    const before = readEnv(cwd);
    const io = inProcessIo(standIn, cwd);
    expect(await runRotateSecret([], io)).toBe(1);
    expect(io.err()).toContain('error [SECRET_NOT_ACCEPTED]: the token endpoint refused the new secret: AADSTS7000229: The client application');
    expect(io.err()).toContain('run npm run register-app (it creates the service principal)');
    expect(io.err()).toContain('The new password was removed again');
    expect(app.passwordCredentials?.map((p) => p.keyId)).toEqual([old.keyId]);
    expect(readEnv(cwd)).toBe(before);
  });
});

describe('rotate-secret when .env cannot be written', () => {
  test('without Key Vault: ENV_FILE_ERROR, the new password (held by nobody) is withdrawn, the old one stays', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory);
    standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
    const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
    const io = inProcessIo(standIn, tempDir(), { AZURE_TENANT_ID: standIn.directory.tenantId, AZURE_CLIENT_ID: String(app.appId) });
    expect(await runRotateSecret(['--dotenv', `${tempDir()}/missing-dir/.env`], io)).toBe(1);
    expect(io.err()).toContain('error [ENV_FILE_ERROR]: could not write .env: ENOENT');
    expect(io.err()).toContain('The new password was removed again');
    expect(app.passwordCredentials?.map((p) => p.keyId)).toEqual([old.keyId]);
  });
});

describe('Key Vault set-secret errors (`innererror`, lower case)', () => {
  const set = (standIn: ReturnType<typeof createStandIn>) =>
    setKeyVaultSecret({ vaultUrl: 'https://vault.stand-in.test', name: 'entra-mcp-client-secret', value: 'v', expiresOn: 2_000_000_000, getAccessToken: async () => standIn.directory.keyVaultToken, fetch: standIn.fetch });

  test('409 ObjectIsDeletedButRecoverable: the inner code is read and recovery explained', async () => {
    const standIn = createStandIn();
    standIn.vaultFaults.softDeleted.add('entra-mcp-client-secret');
    const error = await set(standIn).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'KEY_VAULT_ERROR', message: expect.stringContaining('409 Conflict/ObjectIsDeletedButRecoverable: Secret entra-mcp-client-secret is currently in a deleted but recoverable state') });
    expect((error as { advice: string[] }).advice[0]).toContain('az keyvault secret recover --name entra-mcp-client-secret');
  });

  test('403 ForbiddenByRbac: the inner code is read from `innererror`', async () => {
    const standIn = createStandIn();
    standIn.vaultFaults.forbid = true;
    await expect(set(standIn)).rejects.toThrow('Key Vault refused to store the secret: 403 Forbidden/ForbiddenByRbac');
  });
});

describe('the stand-in token endpoint refuses what Entra refuses', () => {
  async function token(standIn: ReturnType<typeof createStandIn>, clientId: string, secret: string, scope: string) {
    const body = new URLSearchParams({ client_id: clientId, client_secret: secret, grant_type: 'client_credentials', scope });
    const r = await standIn.fetch(`https://login/${standIn.directory.tenantId}/oauth2/v2.0/token`, { method: 'POST', body });
    return { status: r.status, body: (await r.json()) as { error?: string; error_codes?: number[] } };
  }

  test('a scope without /.default (AADSTS1002012), an unknown resource (500011), its own api:// URI (90009); {clientId}/.default works', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory, { identifierUris: [] });
    app.identifierUris = [`api://${app.appId}`];
    standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
    const secret = String(addPasswordTo(standIn.directory, app, { displayName: 'p' }).secretText);
    const id = String(app.appId);
    expect(await token(standIn, id, secret, `api://${id}/access_as_user`)).toMatchObject({ status: 400, body: { error: 'invalid_scope', error_codes: [1002012] } });
    expect(await token(standIn, id, secret, 'api://unknown/.default')).toMatchObject({ status: 400, body: { error: 'invalid_resource', error_codes: [500011] } });
    expect(await token(standIn, id, secret, `api://${id}/.default`)).toMatchObject({ status: 400, body: { error_codes: [90009] } });
    expect((await token(standIn, id, secret, `${id}/.default`)).status).toBe(200);
  });
});
