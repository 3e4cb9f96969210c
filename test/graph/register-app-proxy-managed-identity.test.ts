/**
 * register-app in proxy mode without a secret: a federated identity credential trusting the
 * server's user-assigned managed identity (docs/proxy-mode.md), against the Graph stand-in.
 */
import { expect, test, describe } from 'vitest';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { seedManagedIdentity } from './directory.ts';
import { inProcessIo, readEnv, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';
import { converged, PROXY, writes } from './proxy-harness.ts';

describe('register-app --auth-mode proxy --managed-identity', () => {
  test("the federated credential trusts the identity's principal id, with the tenant's v2 issuer and the token-exchange audience; no secret", async () => {
    const { standIn, cwd, app, env } = await converged();
    const identity = seedManagedIdentity(standIn.directory);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--managed-identity', String(identity.appId)], io)).toBe(0);
    expect(standIn.graph.requests).toContain(`GET /servicePrincipals(appId='${identity.appId}')`);
    expect(standIn.directory.federatedCredentials.get(String(app.id))).toEqual([
      expect.objectContaining({
        name: 'entra-mcp-proxy-managed-identity',
        issuer: `https://login.microsoftonline.com/${standIn.directory.tenantId}/v2.0`,
        subject: identity.id,
        audiences: ['api://AzureADTokenExchange'],
      }),
    ]);
    expect(app.passwordCredentials).toEqual([]);
    expect(env()).toMatchObject({ MCP_AUTH_MODE: 'proxy', AZURE_MANAGED_IDENTITY_CLIENT_ID: identity.appId });
    expect(env().MCP_PROXY_CLIENT_SECRET).toBeUndefined();
    // Again, from .env alone: the credential is listed and left as it is.
    const first = readEnv(cwd);
    standIn.graph.requests.length = 0;
    const again = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], again)).toBe(0);
    expect(again.out()).toContain('No changes');
    expect(writes(standIn.graph.requests)).toEqual([]);
    expect(readEnv(cwd)).toBe(first);
  });

  test('a credential of that name trusting another subject is updated in place (PATCH), not duplicated', async () => {
    const { standIn, cwd, app } = await converged();
    const identity = seedManagedIdentity(standIn.directory);
    standIn.directory.federatedCredentials.set(String(app.id), [
      { id: 'fic-1', name: 'entra-mcp-proxy-managed-identity', issuer: 'https://login.microsoftonline.com/x/v2.0', subject: 'old-principal', audiences: ['api://AzureADTokenExchange'], description: null },
    ]);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--managed-identity', String(identity.appId)], io)).toBe(0);
    expect(writes(standIn.graph.requests)).toContain(`PATCH /applications/${app.id}/federatedIdentityCredentials/fic-1`);
    expect(standIn.directory.federatedCredentials.get(String(app.id))).toEqual([expect.objectContaining({ id: 'fic-1', subject: identity.id })]);
  });

  test('an unknown managed identity: a clear error naming --managed-identity, exit 1, nothing changed, .env untouched', async () => {
    const { standIn, cwd, app } = await converged();
    const before = readEnv(cwd);
    const unknown = '0f0f0f0f-1111-2222-3333-444444444444';
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--managed-identity', unknown], io)).toBe(1);
    expect(io.err()).toContain(`error [MANAGED_IDENTITY_NOT_FOUND]: --managed-identity ${unknown}: no managed identity`);
    expect(io.err()).toContain('Graph: 404 Request_ResourceNotFound');
    expect(writes(standIn.graph.requests)).toEqual([]);
    expect(app.web?.redirectUris).toEqual([]);
    expect(readEnv(cwd)).toBe(before);
  });

  test('a Graph fault creating the credential (after the redirect URI): exit 1, .env untouched', async () => {
    const { standIn, cwd } = await converged();
    const identity = seedManagedIdentity(standIn.directory);
    const before = readEnv(cwd);
    standIn.graph.faults.injected.push({ method: 'POST', path: /\/federatedIdentityCredentials$/, times: 1, status: 400, code: 'Request_BadRequest', message: 'An application can have at most 20 federated identity credentials.' });
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--managed-identity', String(identity.appId)], io)).toBe(1);
    expect(io.err()).toContain('at most 20 federated identity credentials');
    expect(readEnv(cwd)).toBe(before);
  });

  test('a registration created in the same run: the credential waits out the replication delay (404) and is made', async () => {
    const standIn = createStandIn();
    // The application's replication delay, as Graph shows it to the credential's POST.
    standIn.graph.faults.injected.push({ method: 'POST', path: /\/federatedIdentityCredentials$/, times: 1, status: 404, code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist or one of its queried reference-property objects are not present." });
    const identity = seedManagedIdentity(standIn.directory);
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp([...PROXY, '--managed-identity', String(identity.appId)], io)).toBe(0);
    const app = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');
    expect(standIn.directory.federatedCredentials.get(String(app?.id))).toEqual([expect.objectContaining({ subject: identity.id })]);
    expect(app?.web?.redirectUris).toContain('https://mcp.contoso.example/oauth/callback');
    expect(io.sleeps).toEqual([500]);
  });
});
