/**
 * register-app in proxy mode (docs/proxy-mode.md), in-process against the Graph stand-in: the
 * server's callback on the Web platform, the credential (a secret, or a federated credential
 * trusting a managed identity), the `.env` the server reads, and what a re-run leaves alone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, test } from 'vitest';
import { loadProxyConfig } from '../../server/src/proxy/load-proxy-config.ts';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { seedManagedIdentity } from './directory.ts';
import { envMode, inProcessIo, readEnv, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';

const PUBLIC_URL = 'https://mcp.contoso.example';
const PROXY = ['--auth-mode', 'proxy', '--public-url', PUBLIC_URL];

/** A registration register-app already converged (the public URL's identifier URI included), and its .env. */
async function converged() {
  const standIn = createStandIn();
  const cwd = tempDir();
  expect(await runRegisterApp(['--mcp-url', PUBLIC_URL], inProcessIo(standIn, cwd))).toBe(0);
  const app = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');
  if (app === undefined) throw new Error('no application');
  standIn.graph.requests.length = 0;
  return { standIn, cwd, app, env: () => parseEnv(readEnv(cwd)) as Record<string, string> };
}

const planLines = (out: string) => out.split('\n').filter((l) => l.includes('• plan: '));
const writes = (requests: readonly string[]) => requests.filter((r) => !r.startsWith('GET '));

describe('register-app --auth-mode proxy with a client secret', () => {
  test('the plan adds the callback to the Web platform and a secret, and nothing else', async () => {
    const { standIn, cwd } = await converged();
    const before = readEnv(cwd);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--dry-run'], io)).toBe(0);
    expect(planLines(io.out())).toEqual([
      `• plan: web redirect URIs: (none) -> ${PUBLIC_URL}/oauth/callback`,
      '• plan: add a client secret "entra-mcp ' + new Date().toISOString().slice(0, 10) + '"',
    ]);
    expect(writes(standIn.graph.requests)).toEqual([]);
    expect(readEnv(cwd)).toBe(before);
  });

  test('a run registers the callback as a Web URI, keeps the other URIs, and writes the secret and keys to .env (0600), printing names only', async () => {
    const { standIn, cwd, app, env } = await converged();
    const publicBefore = app.publicClient?.redirectUris;
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(PROXY, io)).toBe(0);
    expect(app.web?.redirectUris).toEqual([`${PUBLIC_URL}/oauth/callback`]);
    expect(app.publicClient?.redirectUris).toEqual(publicBefore);
    expect(app.passwordCredentials).toHaveLength(1);
    const values = env();
    expect(values).toMatchObject({ MCP_AUTH_MODE: 'proxy', MCP_PUBLIC_URL: PUBLIC_URL });
    // The secret in .env is the one the directory holds for the new password.
    expect(values.MCP_PROXY_CLIENT_SECRET).toBe(standIn.directory.secrets.get(String(app.passwordCredentials?.[0]?.keyId)));
    expect(values.AZURE_CLIENT_SECRET).toBeUndefined();
    expect(envMode(cwd)).toBe(0o600);
    // What the server's loader accepts: a JWKS with one private ES256 key with a kid, a 32+ character cookie key.
    const config = loadProxyConfig(values);
    expect(config.signingKeys).toHaveLength(1);
    expect(config.signingKeys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(typeof config.signingKeys[0]?.kid).toBe('string');
    expect(config.cookieKeys).toHaveLength(1);
    // Names, never values.
    for (const secret of [values.MCP_PROXY_CLIENT_SECRET, values.MCP_PROXY_SIGNING_KEYS, values.MCP_PROXY_COOKIE_KEYS]) {
      expect(io.out() + io.err()).not.toContain(String(secret));
    }
    expect(io.out()).toContain('MCP_PROXY_SIGNING_KEYS=<new JWKS: one private ES256 key>');
    expect(io.out()).toContain('npm start');
  });

  test('a re-run (settings now from .env) is a no-op: no second secret, keys not rotated, .env unchanged', async () => {
    const { standIn, cwd, app } = await converged();
    expect(await runRegisterApp(PROXY, inProcessIo(standIn, cwd))).toBe(0);
    const first = readEnv(cwd);
    standIn.graph.requests.length = 0;
    const again = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], again)).toBe(0);
    expect(again.out()).toContain('No changes');
    expect(writes(standIn.graph.requests)).toEqual([]);
    expect(app.passwordCredentials).toHaveLength(1);
    expect(readEnv(cwd)).toBe(first);
  });

  test('a secret already in MCP_PROXY_CLIENT_SECRET (one made by hand, say) is kept: no secret is added', async () => {
    const { standIn, cwd, app } = await converged();
    writeFileSync(join(cwd, '.env'), `${readEnv(cwd)}MCP_PROXY_CLIENT_SECRET=made-by-hand-secret-value\n`, { mode: 0o600 });
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(PROXY, io)).toBe(0);
    expect(app.passwordCredentials).toEqual([]);
    expect(standIn.graph.requests.filter((r) => r.endsWith('/addPassword'))).toEqual([]);
    expect(readEnv(cwd)).toContain('MCP_PROXY_CLIENT_SECRET=made-by-hand-secret-value\n');
  });

  test('--managed-identity without proxy mode: a usage error naming it, nothing sent', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--managed-identity', '0f0f0f0f-1111-2222-3333-444444444444'], io)).toBe(2);
    expect(io.err()).toContain('error [INVALID_SETTINGS]: --managed-identity is the credential of proxy mode only');
    expect(standIn.graph.requests).toEqual([]);
  });

  test('--auth-mode proxy without a public URL: a usage error naming --public-url and MCP_PUBLIC_URL, nothing sent', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--auth-mode', 'proxy'], io)).toBe(2);
    expect(io.err()).toContain('error [INVALID_SETTINGS]: --public-url is required with --auth-mode proxy');
    expect(io.err()).toContain('set MCP_PUBLIC_URL');
    expect(standIn.graph.requests).toEqual([]);
  });

  test('a Graph fault midway (adding the secret, after the redirect URI): exit 1, .env untouched', async () => {
    const { standIn, cwd, app } = await converged();
    const before = readEnv(cwd);
    standIn.graph.faults.injected.push({ method: 'POST', path: /\/addPassword$/, times: 1, status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(PROXY, io)).toBe(1);
    expect(app.web?.redirectUris).toEqual([`${PUBLIC_URL}/oauth/callback`]); // the step before the fault happened
    expect(readEnv(cwd)).toBe(before);
  });
});

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
});
