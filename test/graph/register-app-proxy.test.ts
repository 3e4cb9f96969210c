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
import { pulumiManagedMarker } from '../../src/registration/app-registration.ts';
import { envMode, inProcessIo, readEnv, tempDir } from './harness.ts';
import { createStandIn } from './stand-in.ts';
import { converged, PROXY, PUBLIC_URL, planLines, writes } from './proxy-harness.ts';

describe('register-app --auth-mode proxy with a client secret', () => {
  test('the plan adds the callback to the Web platform and a secret, and nothing else', async () => {
    const { standIn, cwd } = await converged();
    const before = readEnv(cwd);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([...PROXY, '--dry-run'], io)).toBe(0);
    expect(planLines(io.out())).toEqual([
      `• plan: web redirect URIs: (none) -> ${PUBLIC_URL}/oauth/callback`,
      expect.stringMatching(/^• plan: add a client secret "entra-mcp \d{4}-\d{2}-\d{2}"$/),
    ]);
    expect(io.out()).toContain('Dry run: 2 change(s) would be made; nothing was changed.');
    expect(writes(standIn.graph.requests)).toEqual([]);
    expect(readEnv(cwd)).toBe(before);
  });

  test("the Web platform's other URIs (a Power Platform connector's) stay beside the callback", async () => {
    const standIn = createStandIn();
    const cwd = tempDir();
    expect(await runRegisterApp(['--power-platform-connector'], inProcessIo(standIn, cwd))).toBe(0);
    const app = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');
    const connector = app?.web?.redirectUris ?? [];
    expect(connector).toEqual(['https://global.consent.azure-apim.net/redirect']);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(PROXY, io)).toBe(0);
    expect(io.out()).toContain(`web redirect URIs: ${connector[0]} -> ${connector[0]}, ${PUBLIC_URL}/oauth/callback`);
    expect(app?.web?.redirectUris).toEqual([...connector, `${PUBLIC_URL}/oauth/callback`]);
  });

  test('a public URL the tenant refuses as an identifier URI: the run goes on, and the warning says proxy-mode clients are not affected', async () => {
    const standIn = createStandIn();
    const io = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--auth-mode', 'proxy', '--public-url', 'https://mcp.example.com'], io)).toBe(0);
    expect(io.out()).toContain('Warning: the tenant\'s policy refused https://mcp.example.com/mcp as an identifier URI');
    expect(io.out()).toContain('in proxy mode, MCP clients sign in through the server and are not affected');
    const app = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');
    expect(app?.web?.redirectUris).toEqual(['https://mcp.example.com/oauth/callback']);
  });

  test('a registration a Pulumi stack manages is left alone: PULUMI_MANAGED, nothing written', async () => {
    const { standIn, cwd, app } = await converged();
    const sp = [...standIn.directory.servicePrincipals.values()].find((p) => p.appId === app.appId);
    if (sp === undefined) throw new Error('no service principal');
    sp.tags = [...(sp.tags ?? []), pulumiManagedMarker('prod')];
    const before = readEnv(cwd);
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(PROXY, io)).toBe(1);
    expect(io.err()).toContain(`error [PULUMI_MANAGED]: application ${app.appId} is managed by the Pulumi stack "prod"`);
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
