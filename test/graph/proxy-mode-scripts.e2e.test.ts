/**
 * Proxy mode without Pulumi, through the real entry points (`node scripts/register-app.ts`,
 * `node scripts/rotate-secret.ts`) against the stand-in over https: the flags reach the
 * command, `.env` gets what the server reads, and a rotation keeps the proxy's copy in step.
 */
import { parseEnv } from 'node:util';
import { expect, test } from 'vitest';
import { loadProxyConfig } from '../../server/src/proxy/load-proxy-config.ts';
import { envMode, readEnv, tempDir } from './harness.ts';
import { runScript } from './run-script.ts';
import { serveForSuite } from './stand-in.ts';

const suite = serveForSuite();

test('npm run register-app -- --auth-mode proxy --public-url …, then npm run rotate-secret', async () => {
  const d = suite.standIn.directory;
  const cwd = tempDir();
  const env = { NODE_EXTRA_CA_CERTS: suite.tls.caFile, MICROSOFT_GRAPH_URL: suite.served.url, MICROSOFT_GRAPH_TOKEN: d.graphToken, AZURE_AUTHORITY_HOST: suite.served.url, AZURE_TENANT_ID: d.tenantId };
  const registered = await runScript('register-app', ['--auth-mode', 'proxy', '--public-url', 'https://mcp.contoso.example'], { cwd, env });
  expect([registered.code, registered.stderr]).toEqual([0, '']);
  const app = [...d.applications.values()].find((a) => a.displayName === 'entra-mcp');
  expect(app?.web?.redirectUris).toEqual(['https://mcp.contoso.example/oauth/callback']);
  const first = parseEnv(readEnv(cwd)) as Record<string, string>;
  expect(envMode(cwd)).toBe(0o600);
  expect(first.MCP_PROXY_CLIENT_SECRET).toBe(d.secrets.get(String(app?.passwordCredentials?.[0]?.keyId)));
  expect(() => loadProxyConfig(first)).not.toThrow();
  expect(registered.stdout).not.toContain(first.MCP_PROXY_CLIENT_SECRET);

  const rotated = await runScript('rotate-secret', ['--keep', '1'], { cwd, env });
  expect([rotated.code, rotated.stderr]).toEqual([0, '']);
  const after = parseEnv(readEnv(cwd)) as Record<string, string>;
  const [only] = app?.passwordCredentials ?? [];
  expect(app?.passwordCredentials).toHaveLength(1);
  expect(after.MCP_PROXY_CLIENT_SECRET).toBe(d.secrets.get(String(only?.keyId)));
  expect(after.MCP_PROXY_CLIENT_SECRET).not.toBe(first.MCP_PROXY_CLIENT_SECRET);
  // The keys survive the rotation: nobody is signed out.
  expect([after.MCP_PROXY_SIGNING_KEYS, after.MCP_PROXY_COOKIE_KEYS]).toEqual([first.MCP_PROXY_SIGNING_KEYS, first.MCP_PROXY_COOKIE_KEYS]);
});
