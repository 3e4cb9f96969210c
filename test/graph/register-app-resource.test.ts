/**
 * `register-app --mcp-url`: the MCP URL becomes an identifier URI of the API where the
 * tenant's identifier-URI policy allows it (a verified domain), beside `api://{appId}`; where
 * the policy refuses it (Graph 400 HostNameNotOnVerifiedDomain), one warning line with the
 * fix, the registration stays on `api://{appId}` and .env tells the server so.
 */
import { describe, expect, test } from 'vitest';
import { runRegisterApp } from '../../src/graph/register-app-command.ts';
import { inProcessIo, readEnv, tempDir } from './harness.ts';
import { identifierUriAllowed } from './identifier-uri-policy.ts';
import { createStandIn } from './stand-in.ts';

const api = (standIn: ReturnType<typeof createStandIn>) => [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp');

describe('register-app --mcp-url', () => {
  test('on a verified domain: ${url}/mcp joins api://{appId} as an identifier URI; .env says so', async () => {
    const standIn = createStandIn();
    const cwd = tempDir();
    const io = inProcessIo(standIn, cwd);
    expect(await runRegisterApp(['--mcp-url', 'https://mcp.contoso.example'], io)).toBe(0);
    const app = api(standIn);
    expect(app?.identifierUris).toEqual([`api://${app?.appId}`, 'https://mcp.contoso.example/mcp']);
    expect(io.out()).toContain('identifier URI  https://mcp.contoso.example/mcp (the resource MCP clients send)');
    expect(io.out()).not.toContain('Warning');
    expect(readEnv(cwd)).toContain('MCP_RESOURCE_IS_IDENTIFIER_URI=true\n');
    // Codex's callback names the server: the clients registration carries it for this URL.
    const clients = [...standIn.directory.applications.values()].find((a) => a.displayName === 'entra-mcp clients');
    expect(clients?.publicClient?.redirectUris?.some((u) => u.startsWith('http://127.0.0.1/callback/'))).toBe(true);
    const again = inProcessIo(standIn, cwd);
    expect(await runRegisterApp([], again)).toBe(0); // MCP_PUBLIC_URL is not in .env: --mcp-url again
  });

  test('refused by the tenant policy (a Container Apps default domain): one warning with the fix, api:// kept, exit 0', async () => {
    const standIn = createStandIn();
    const cwd = tempDir();
    const io = inProcessIo(standIn, cwd);
    const url = 'https://ca-entra-mcp.happyhill-1234.westeurope.azurecontainerapps.io';
    expect(await runRegisterApp(['--mcp-url', url], io)).toBe(0);
    const app = api(standIn);
    expect(app?.identifierUris).toEqual([`api://${app?.appId}`]);
    const warnings = io.out().split('\n').filter((l) => l.includes('refused'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.at(-1)).toContain(`the tenant's policy refused ${url}/mcp as an identifier URI`);
    expect(warnings.at(-1)).toContain('add and verify that domain');
    expect(warnings.at(-1)).toContain('AADSTS9010010');
    expect(readEnv(cwd)).toContain('MCP_RESOURCE_IS_IDENTIFIER_URI=false\n');
    const json = inProcessIo(standIn, tempDir());
    expect(await runRegisterApp(['--mcp-url', url, '--json', '--client-id', String(app?.appId)], json)).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ identifierUris: [`api://${app?.appId}`], warnings: [expect.stringContaining('AADSTS9010010')] });
  });

  test('a bad --mcp-url names the flag and the form expected', async () => {
    const io = inProcessIo(createStandIn(), tempDir());
    expect(await runRegisterApp(['--mcp-url', 'http://mcp.contoso.example'], io)).toBe(2);
    expect(io.err()).toContain("--mcp-url must be the MCP server's public https origin");
  });
});

describe('the Graph stand-in enforces the default identifier-URI policy', () => {
  const ids = { appId: '11111111-2222-3333-4444-555555555555', tenantId: '99999999-8888-7777-6666-555555555555', verifiedDomains: ['contoso.example'] };
  test.each([
    [`api://${ids.appId}`, true],
    [`api://${ids.tenantId}/${ids.appId}`, true],
    [`api://${ids.tenantId}/mcp`, true],
    ['https://contoso.example/mcp', true],
    ['https://mcp.contoso.example/mcp', true],
    ['api://mcp-server', false],
    ['https://evilcontoso.example/mcp', false],
    ['https://ca.westeurope.azurecontainerapps.io/mcp', false],
    ['http://localhost:8000/mcp', false],
  ])('%s → %s', (uri, allowed) => {
    expect(identifierUriAllowed(uri, ids)).toBe(allowed);
  });
});
