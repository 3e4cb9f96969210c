import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_CLI, TENANT_ID, USER_OID } from '../support/test-issuer.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'entra-mcp-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${h.server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

describe('the real MCP SDK client, over streamable HTTP with a bearer token', () => {
  it('initializes, lists the tools and calls whoami, which reports the caller and never the token', async () => {
    const token = await h.issuer.mint();
    const client = await connect(token);
    expect(client.getServerVersion()?.name).toBe('entra-mcp');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['current_time', 'whoami']);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(result.structuredContent).toMatchObject({
      name: 'Ada Lovelace',
      preferred_username: 'ada@contoso.example',
      oid: USER_OID,
      tid: TENANT_ID,
      client_app_id: AZURE_CLI,
      scopes: ['access_as_user'],
      kind: 'delegated',
    });
    expect(JSON.stringify(result)).not.toContain(token.split('.')[2]);
    await client.close();
  });

  it('calls current_time with an argument, and reports bad arguments as a tool error', async () => {
    const client = await connect(await h.issuer.mint());
    const ok = await client.callTool({ name: 'current_time', arguments: { timeZone: 'Europe/Paris' } });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).toMatchObject({ timeZone: 'Europe/Paris', iso: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const bad = await client.callTool({ name: 'current_time', arguments: { timeZone: 'Mars/Olympus' } });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it('refuses unknown arguments, naming the expected ones, instead of silently ignoring them', async () => {
    const client = await connect(await h.issuer.mint());
    const { tools } = await client.listTools();
    for (const tool of tools) expect(tool.inputSchema['additionalProperties']).toBe(false);
    const misspelt = await client.callTool({ name: 'current_time', arguments: { timezone: 'Europe/Paris' } });
    expect(misspelt.isError).toBe(true);
    expect(misspelt.structuredContent).toBeUndefined();
    expect(JSON.stringify(misspelt.content)).toContain('unknown argument \\"timezone\\" (expected timeZone)');
    const extra = await client.callTool({ name: 'whoami', arguments: { verbose: true } });
    expect(extra.isError).toBe(true);
    expect(JSON.stringify(extra.content)).toContain('(expected no arguments)');
    await client.close();
  });

  it('the SDK client surfaces the reason when the token is refused', async () => {
    const expired = await h.issuer.mint({ exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 });
    await expect(connect(expired)).rejects.toThrow(/token expired/);
  });
});
