/** rotate-secret in-process (stand-in as fetch, sleeps recorded): the token endpoint's faults. */
import { describe, expect, test } from 'vitest';
import { runRotateSecret } from '../../src/rotation/rotate-secret-command.ts';
import { proveClientSecret } from '../../src/rotation/prove-client-secret.ts';
import { discoverAuthorityKeys } from '../../src/rotation/verify-issued-token.ts';
import { addPasswordTo } from './directory.ts';
import { inProcessIo, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { createStandIn } from './stand-in.ts';

function setUp() {
  const standIn = createStandIn();
  const app = seedApplication(standIn.directory);
  standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
  const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', startDateTime: '2026-05-01T00:00:00Z', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
  const cwd = tempDir();
  writeEnv(cwd, `AZURE_TENANT_ID=${standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app.appId}\nAZURE_CLIENT_SECRET=${old.secretText}\n`);
  return { standIn, app, cwd, oldSecret: String(old.secretText), io: inProcessIo(standIn, cwd) };
}

describe('rotate-secret and the token endpoint', () => {
  test('a brand-new secret refused with AADSTS7000215 while it replicates: waited out (1 s, 2 s)', async () => {
    const { standIn, io, cwd, oldSecret } = setUp();
    standIn.tokenFaults.propagationDelay = 2;
    expect(await runRotateSecret([], io)).toBe(0);
    expect(io.sleeps).toEqual([1000, 2000]);
    expect(io.out()).toContain('Entra does not accept it yet (AADSTS7000215, still replicating): waiting 1.0 s, then attempt 2');
    expect(readEnv(cwd)).not.toContain(oldSecret);
  });
  test('refused for good: bounded (6 attempts), the new password withdrawn, .env unchanged, the old secret never removed', async () => {
    const { standIn, io, cwd, app, oldSecret } = setUp();
    const oldKeyId = app.passwordCredentials?.[0]?.keyId;
    standIn.tokenFaults.propagationDelay = 100;
    const before = readEnv(cwd);
    // --keep 1: a run that went on after the failed proof would remove the old password here.
    expect(await runRotateSecret(['--keep', '1'], io)).toBe(1);
    expect(io.sleeps).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(io.err()).toContain('error [SECRET_NOT_ACCEPTED]: the token endpoint refused the new secret: AADSTS7000215: Invalid client secret provided.');
    expect(io.err()).toContain('The new password was removed again');
    expect(readEnv(cwd)).toBe(before);
    expect(app.passwordCredentials?.map((p) => p.keyId)).toEqual([oldKeyId]);
    expect(standIn.directory.secrets.get(String(oldKeyId))).toBe(oldSecret);
    // One removal only: the withdrawal of the new, unproven password.
    expect(standIn.graph.requests.filter((r) => r.endsWith('/removePassword'))).toHaveLength(1);
  });
  test('Entra error codes for the proof: 7000222 expired, 700016 unknown client, and the GUID scope form', async () => {
    const standIn = createStandIn();
    const app = seedApplication(standIn.directory, { identifierUris: [] });
    standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
    const expired = addPasswordTo(standIn.directory, app, { displayName: 'x', startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2021-01-01T00:00:00Z' });
    const keys = await discoverAuthorityKeys('https://login', standIn.directory.tenantId, standIn.fetch);
    const base = { authorityHost: 'https://login', tenantId: standIn.directory.tenantId, keys, fetch: standIn.fetch, sleep: async () => {} };
    await expect(proveClientSecret({ ...base, clientId: String(app.appId), secret: String(expired.secretText) })).rejects.toThrow(/AADSTS7000222: The provided client secret keys for app '.*' are expired/);
    await expect(proveClientSecret({ ...base, clientId: '99999999-9999-9999-9999-999999999999', secret: 'x' })).rejects.toThrow(/AADSTS700016/);
    const fresh = addPasswordTo(standIn.directory, app, { displayName: 'y' });
    await expect(proveClientSecret({ ...base, clientId: String(app.appId), secret: String(fresh.secretText) })).resolves.toBeUndefined();
  });
});

describe('rotate-secret when removing the old password fails', () => {
  test('403 on removePassword: exit 1, .env already holds the new proven secret, the old one still valid', async () => {
    const { standIn, io, cwd, oldSecret, app } = setUp();
    standIn.graph.faults.injected.push({ method: 'POST', path: /removePassword$/, times: 1, status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect(await runRotateSecret(['--keep', '1'], io)).toBe(1);
    expect(io.err()).toContain('error [AUTHORIZATION_DENIED]: Graph refused POST /applications/');
    expect(io.err()).toContain('The new secret is proven and saved');
    expect(readEnv(cwd)).not.toContain(oldSecret);
    expect(app.passwordCredentials).toHaveLength(2);
  });
});
