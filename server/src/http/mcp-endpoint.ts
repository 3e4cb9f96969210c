import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Principal } from '../auth/principal.ts';
import type { ToolCatalog } from '../mcp/tool-catalog.ts';
import { BodyError, readJsonBody } from './read-json-body.ts';
import { refusal } from './refusal.ts';
import { sendJson } from './send-json.ts';

export interface RpcSummary {
  method?: string;
  tool?: string;
}

function summarize(body: unknown): RpcSummary {
  if (Array.isArray(body)) return { method: 'batch' };
  const message = body as { method?: unknown; params?: { name?: unknown } } | null;
  const method = typeof message?.method === 'string' ? message.method.slice(0, 64) : undefined;
  const tool = method === 'tools/call' && typeof message?.params?.name === 'string' ? message.params.name.slice(0, 64) : undefined;
  return { ...(method === undefined ? {} : { method }), ...(tool === undefined ? {} : { tool }) };
}

/**
 * Serves one MCP request, statelessly: a fresh SDK server and transport per request, so
 * any replica can answer any request and no session state accumulates. GET (a standalone
 * SSE stream) and DELETE (ending a session) have no meaning without sessions: 405, as the
 * streamable HTTP transport allows.
 */
export async function serveMcp(
  req: IncomingMessage & { auth?: AuthInfo },
  res: ServerResponse,
  catalog: ToolCatalog,
  principal: Principal | undefined,
  token: string | undefined,
  maxBodyBytes: number,
): Promise<RpcSummary> {
  if (req.method !== 'POST') {
    sendJson(req, res, refusal('method_not_allowed', 'this server is stateless; send JSON-RPC with POST', { allow: 'POST' }));
    return {};
  }
  let body: unknown;
  try {
    body = await readJsonBody(req, maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    sendJson(req, res, refusal(error.code, error.message));
    return {};
  }
  const summary = summarize(body);
  if (principal !== undefined && token !== undefined) {
    req.auth = { token, clientId: principal.clientAppId ?? '', scopes: [...principal.scopes], expiresAt: principal.expiresAt, extra: { principal } };
  }
  const server = catalog.createServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
  return summary;
}
