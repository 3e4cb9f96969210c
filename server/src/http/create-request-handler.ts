import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AuthError } from '../auth/auth-error.ts';
import { toChallengeResponse } from '../auth/challenge-response.ts';
import { extractBearerToken } from '../auth/extract-bearer-token.ts';
import type { Principal } from '../auth/principal.ts';
import type { Authenticate } from '../auth/request-authenticator.ts';
import type { Logger } from '../logger.ts';
import type { ToolCatalog } from '../mcp/tool-catalog.ts';
import { type RpcSummary, serveMcp } from './mcp-endpoint.ts';
import { metadataUrlFor, protectedResourceMetadata } from './protected-resource-metadata.ts';
import { sendJson } from './send-json.ts';

export interface RequestHandlerOptions {
  readonly publicUrl: string;
  readonly issuer: string;
  readonly scope: string;
  readonly resourceName: string;
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly catalog: ToolCatalog;
  /** Undefined turns authentication off: only the benchmark's baseline does that. */
  readonly authenticate: Authenticate | undefined;
  readonly readiness: () => { ready: boolean; reason?: string | undefined };
  readonly logger: Logger;
}

interface RequestLog extends RpcSummary {
  principal?: Principal;
  authError?: string;
}

const MCP_PATH = '/mcp';
const METADATA_PATH = '/.well-known/oauth-protected-resource';
const MCP_PREFLIGHT = {
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'authorization, content-type, accept, mcp-protocol-version, mcp-session-id',
  'access-control-max-age': '600',
};
const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': 'mcp-protocol-version' };

/** The server's whole HTTP surface: routing, the origin check, authentication and one log line per request. */
export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const resource = `${options.publicUrl}${MCP_PATH}`;
  const metadataUrl = metadataUrlFor(resource);
  const challengeContext = { resourceMetadataUrl: metadataUrl, scope: options.scope };
  const metadata: Readonly<Record<string, ReturnType<typeof protectedResourceMetadata>>> = {
    [`${METADATA_PATH}${MCP_PATH}`]: protectedResourceMetadata(resource, options.issuer, options.scope, options.resourceName),
    [METADATA_PATH]: protectedResourceMetadata(options.publicUrl, options.issuer, options.scope, options.resourceName),
  };
  const allowedOrigins = new Set([new URL(options.publicUrl).origin, ...options.allowedOrigins]);

  async function handleMcp(req: IncomingMessage, res: ServerResponse, url: URL, log: RequestLog): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      // DNS rebinding: a page on another origin must not reach a server on this host.
      sendJson(res, 403, { jsonrpc: '2.0', error: { code: -32000, message: 'Forbidden: Origin not allowed' }, id: null });
      return;
    }
    if (origin !== undefined) {
      // An allowed browser origin (ALLOWED_ORIGINS) may read the answers, challenges included.
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-expose-headers', 'www-authenticate, mcp-session-id');
      if (req.method === 'OPTIONS') {
        // The CORS preflight carries no credentials, so it is answered before authentication.
        res.writeHead(204, MCP_PREFLIGHT).end();
        return;
      }
    }
    let principal: Principal | undefined;
    let token: string | undefined;
    if (options.authenticate !== undefined) {
      try {
        token = extractBearerToken(req.headers.authorization, url.searchParams);
        principal = await options.authenticate(token);
        log.principal = principal;
      } catch (error) {
        log.authError = error instanceof AuthError ? error.code : 'internal';
        if (!(error instanceof AuthError)) options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'authentication failed unexpectedly');
        const answer = toChallengeResponse(error, challengeContext);
        sendJson(res, answer.status, answer.body, answer.headers);
        return;
      }
    }
    Object.assign(log, await serveMcp(req, res, options.catalog, principal, token, options.maxBodyBytes));
  }

  async function route(req: IncomingMessage, res: ServerResponse, log: RequestLog): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'malformed request target' });
      return;
    }
    const path = url.pathname;
    if (path === MCP_PATH) return handleMcp(req, res, url, log);
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const { ready, reason } = options.readiness();
      return sendJson(res, ready ? 200 : 503, ready ? { status: 'ready' } : { status: 'not ready', reason });
    }
    const document = metadata[path];
    if (document !== undefined) {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS).end();
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD, OPTIONS' });
      return sendJson(res, 200, document, { ...CORS, 'cache-control': 'public, max-age=3600' });
    }
    sendJson(res, 404, { error: 'not found' });
  }

  return (req, res) => {
    const started = performance.now();
    const log: RequestLog = {};
    res.on('finish', () => {
      const p = log.principal;
      const probe = req.url === '/healthz' || req.url === '/readyz';
      options.logger[probe ? 'debug' : 'info'](
        {
          method: req.method,
          path: req.url?.split('?')[0]?.slice(0, 200),
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 100) / 100,
          ...(log.method === undefined ? {} : { rpc: log.method }),
          ...(log.tool === undefined ? {} : { tool: log.tool }),
          ...(p === undefined ? {} : { oid: p.oid, tid: p.tid, clientApp: p.clientAppId }),
          ...(log.authError === undefined ? {} : { authError: log.authError }),
        },
        'request',
      );
    });
    route(req, res, log).catch((error: unknown) => {
      options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  };
}
