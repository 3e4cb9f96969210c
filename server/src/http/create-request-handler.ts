import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate } from '../auth/request-authenticator.ts';
import type { Logger } from '../logger.ts';
import type { ToolCatalog } from '../mcp/tool-catalog.ts';
import { PROXY_ROUTES, UPSTREAM_CALLBACK_PATH } from '../proxy/proxy-routes.ts';
import { METADATA_CORS } from './cors-policy.ts';
import { createMcpRoute } from './mcp-route.ts';
import { advertisedScope } from './advertised-scope.ts';
import { metadataUrlFor, protectedResourceMetadata } from './protected-resource-metadata.ts';
import { refusal } from './refusal.ts';
import { logRequest } from './request-log.ts';
import { sendJson } from './send-json.ts';

export interface RequestHandlerOptions {
  readonly publicUrl: string;
  readonly issuer: string;
  readonly scope: string;
  /** Name the scope under the resource (`${publicUrl}/mcp/access_as_user`): see advertised-scope.ts. */
  readonly resourceIsIdentifierUri?: boolean;
  readonly resourceName: string;
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly catalog: ToolCatalog;
  /** Undefined turns authentication off: only the benchmark's baseline does that. */
  readonly authenticate: Authenticate | undefined;
  readonly readiness: () => { ready: boolean; reason?: string | undefined };
  readonly logger: Logger;
  /** Proxy mode's routes (`/oauth/*`, the authorization server metadata): answered first. */
  readonly proxy?: { handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> } | undefined;
}

/** Proxy mode's paths, logged verbatim (the consent page's id is not). */
const PROXY_PATHS = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration', UPSTREAM_CALLBACK_PATH, ...(['authorization', 'token', 'registration', 'jwks', 'revocation'] as const).map((r) => PROXY_ROUTES[r])];

const METADATA_PATH = '/.well-known/oauth-protected-resource';

/** The server's HTTP surface as a short adapter: log, route, delegate; anything unexpected is a bare 500. */
export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const resource = `${options.publicUrl}/mcp`;
  const scope = advertisedScope(options.scope, resource, options.resourceIsIdentifierUri === true);
  const metadata = new Map([
    [`${METADATA_PATH}/mcp`, protectedResourceMetadata(resource, options.issuer, scope, options.resourceName)],
    [METADATA_PATH, protectedResourceMetadata(options.publicUrl, options.issuer, scope, options.resourceName)],
  ]);
  const known = new Set(['/mcp', '/healthz', '/readyz', ...metadata.keys(), ...(options.proxy === undefined ? [] : PROXY_PATHS)]);
  const mcp = createMcpRoute({ ...options, challenge: { resourceMetadataUrl: metadataUrlFor(resource), scope } });

  return (req, res) => {
    const log = logRequest(options.logger, req, res, known);
    const url = URL.parse(req.url ?? '/', 'http://localhost');
    const path = url?.pathname;
    const route = async (): Promise<void> => {
      if (url === null) return sendJson(req, res, refusal('bad_request_target'));
      if (options.proxy !== undefined && (await options.proxy.handle(req, res))) return;
      if (path === '/mcp') return mcp(req, res, url, log);
      if (path === '/healthz') return sendJson(req, res, { status: 200, headers: {}, body: { status: 'ok' } });
      if (path === '/readyz') {
        const { ready, reason } = options.readiness();
        return sendJson(req, res, { status: ready ? 200 : 503, headers: {}, body: ready ? { status: 'ready' } : { status: 'not ready', reason } });
      }
      const document = path === undefined ? undefined : metadata.get(path);
      if (document === undefined) return sendJson(req, res, refusal('not_found'));
      if (req.method === 'OPTIONS') return void res.writeHead(204, METADATA_CORS).end();
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(req, res, refusal('method_not_allowed', 'the metadata is read-only', { allow: 'GET, HEAD, OPTIONS' }));
      sendJson(req, res, { status: 200, headers: { ...METADATA_CORS, 'cache-control': 'public, max-age=3600' }, body: document });
    };
    route().catch((error: unknown) => {
      options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed');
      if (!res.headersSent) sendJson(req, res, refusal('server_error'));
      else res.destroy();
    });
  };
}
