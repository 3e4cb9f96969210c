import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { timedFetch, type Fetch } from './timed-fetch.ts';

/** What the MCP calls returned. */
export interface McpSessionResult {
  readonly serverInfo: { name: string; version: string } | undefined;
  readonly protocolVersion: string | undefined;
  readonly tools: string[];
  /** The `whoami` tool's text content, or undefined when the server has no such tool. */
  readonly whoami: string | undefined;
}

/**
 * Phase 6 of the sign-in: `initialize`, `tools/list` and `whoami` over MCP streamable
 * HTTP with the MCP SDK's own client, the access token as a bearer header; every request
 * has the clients' timeout.
 */
export async function callMcpWithToken(mcpUrl: string, accessToken: string, fetchImpl: Fetch = timedFetch()): Promise<McpSessionResult> {
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
    requestInit: { headers: { Authorization: `Bearer ${accessToken}` } },
    fetch: fetchImpl,
  });
  const client = new Client({ name: 'entra-mcp-sign-in', version: '0.1.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    let whoami: string | undefined;
    if (names.includes('whoami')) {
      const result = await client.callTool({ name: 'whoami', arguments: {} });
      const content = (result.content ?? []) as { type: string; text?: string }[];
      whoami = content.filter((c) => c.type === 'text').map((c) => c.text ?? '').join('\n');
    }
    const info = client.getServerVersion();
    return { serverInfo: info === undefined ? undefined : { name: info.name, version: info.version }, protocolVersion: transport.protocolVersion, tools: names, whoami };
  } finally {
    await client.close();
  }
}
