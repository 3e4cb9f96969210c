/** How the server names itself to MCP clients (`initialize` → `serverInfo`). */
export const SERVER_INFO = { name: 'entra-mcp', version: '0.1.0' } as const;
