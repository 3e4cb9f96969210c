/**
 * The peer: a plain MCP SDK server built the documented default way (the SDK's
 * `simpleStatelessStreamableHttp` example): express via `createMcpExpressApp`, and a new
 * `McpServer` with its tools registered for every request. Same two tools as entra-mcp,
 * no authentication.
 */
import type { Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

function getServer(): McpServer {
  const server = new McpServer({ name: 'peer', version: '1.0.0' });
  server.registerTool('whoami', { description: 'The caller.', inputSchema: {} }, () => ({ content: [{ type: 'text', text: 'nobody' }] }));
  server.registerTool('current_time', { description: 'The time.', inputSchema: { timeZone: z.string().default('UTC') } }, ({ timeZone }) => ({
    content: [{ type: 'text', text: `${new Date().toISOString()} ${timeZone}` }],
  }));
  return server;
}

export function startPeerServer(port: number): Promise<Server> {
  const app = createMcpExpressApp();
  app.post('/mcp', async (req, res) => {
    const server = getServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return new Promise((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
  });
}
