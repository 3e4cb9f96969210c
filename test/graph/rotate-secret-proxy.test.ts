/**
 * rotate-secret and proxy mode (docs/proxy-mode.md): the server redeems Entra's codes with the
 * registration's secret from MCP_PROXY_CLIENT_SECRET, so a rotation must replace that copy too,
 * or removing the old password breaks every sign-in.
 */
import { parseEnv } from 'node:util';
import { expect, test } from 'vitest';
import { runRotateSecret } from '../../src/rotation/rotate-secret-command.ts';
import { addPasswordTo } from './directory.ts';
import { inProcessIo, readEnv, seedApplication, tempDir, writeEnv } from './harness.ts';
import { createStandIn } from './stand-in.ts';

function setUp(extra: (oldSecret: string) => string) {
  const standIn = createStandIn();
  const app = seedApplication(standIn.directory);
  standIn.directory.servicePrincipals.set('sp', { id: 'sp', appId: app.appId });
  const old = addPasswordTo(standIn.directory, app, { displayName: 'entra-mcp 2026-05-01', startDateTime: '2026-05-01T00:00:00Z', endDateTime: new Date(Date.now() + 86_400_000).toISOString() });
  const cwd = tempDir();
  writeEnv(cwd, `AZURE_TENANT_ID=${standIn.directory.tenantId}\nAZURE_CLIENT_ID=${app.appId}\nAZURE_CLIENT_SECRET=${old.secretText}\n${extra(String(old.secretText))}`);
  return { standIn, app, cwd, oldKeyId: String(old.keyId) };
}

const env = (cwd: string) => parseEnv(readEnv(cwd)) as Record<string, string>;

test('.env holds MCP_PROXY_CLIENT_SECRET: the new secret goes there too, and the old password is removed only then', async () => {
  const { standIn, app, cwd, oldKeyId } = setUp((old) => `MCP_AUTH_MODE=proxy\nMCP_PROXY_CLIENT_SECRET=${old}\n`);
  const io = inProcessIo(standIn, cwd);
  expect(await runRotateSecret(['--keep', '1'], io)).toBe(0);
  const [current] = app.passwordCredentials ?? [];
  expect(app.passwordCredentials).toHaveLength(1);
  expect(current?.keyId).not.toBe(oldKeyId);
  const secret = standIn.directory.secrets.get(String(current?.keyId));
  expect(env(cwd)).toMatchObject({ AZURE_CLIENT_SECRET: secret, MCP_PROXY_CLIENT_SECRET: secret });
  expect(io.out()).toContain('MCP_PROXY_CLIENT_SECRET=<the same secret>');
  expect(io.out()).not.toContain(String(secret));
});

test('proxy mode set up by register-app without a secret (one existed): the rotation supplies MCP_PROXY_CLIENT_SECRET', async () => {
  const { standIn, app, cwd } = setUp(() => 'MCP_AUTH_MODE=proxy\nMCP_PUBLIC_URL=https://mcp.contoso.example\n');
  expect(await runRotateSecret([], inProcessIo(standIn, cwd))).toBe(0);
  const newest = app.passwordCredentials?.at(-1);
  expect(env(cwd).MCP_PROXY_CLIENT_SECRET).toBe(standIn.directory.secrets.get(String(newest?.keyId)));
});

test('direct mode, or proxy mode on a managed identity: MCP_PROXY_CLIENT_SECRET is not written', async () => {
  for (const extra of ['', 'MCP_AUTH_MODE=proxy\nAZURE_MANAGED_IDENTITY_CLIENT_ID=0f0f0f0f-1111-2222-3333-444444444444\n']) {
    const { standIn, cwd } = setUp(() => extra);
    expect(await runRotateSecret([], inProcessIo(standIn, cwd))).toBe(0);
    expect(env(cwd).MCP_PROXY_CLIENT_SECRET).toBeUndefined();
  }
});
