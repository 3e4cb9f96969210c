import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Principal } from '../auth/principal.ts';
import type { Logger } from '../logger.ts';
import type { RpcSummary } from './mcp-endpoint.ts';

/** What the handler learnt about a request, for its log line. */
export interface RequestLog extends RpcSummary {
  principal?: Principal;
  authError?: string;
}

/**
 * The path as logged: a known route verbatim, anything else as a fixed placeholder, so a path
 * cannot carry a token (or any other caller-chosen text) into the log.
 */
export function loggedPath(url: string | undefined, knownRoutes: ReadonlySet<string>): string {
  const path = (url ?? '').split('?')[0] ?? '';
  return knownRoutes.has(path) ? path : '(other)';
}

/** One JSON line per request, written when the answer is finished; probes log at debug. */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, knownRoutes: ReadonlySet<string>): RequestLog {
  const started = performance.now();
  const log: RequestLog = {};
  res.on('finish', () => {
    const p = log.principal;
    const path = loggedPath(req.url, knownRoutes);
    logger[path === '/healthz' || path === '/readyz' ? 'debug' : 'info'](
      {
        method: req.method,
        path,
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
  return log;
}
