import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answer } from './refusal.ts';

/**
 * Writes a JSON answer. When the request body has not all arrived (a refusal answered before
 * reading it: no token, wrong Origin, too large), the connection is closed after the answer
 * instead of waiting out a slow or endless body.
 */
export function sendJson(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  // `complete` alone will not do: a bodiless request is not yet complete while it is handled.
  const declaresBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...answer.headers,
    ...(declaresBody && !req.complete ? { connection: 'close' } : {}),
  });
  res.end(text);
}
