import { IncomingMessage, type ServerResponse } from 'node:http';

const LIMIT = 64 * 1024;

/** Reads a request body as text, refusing more than 64 KiB (oidc-provider's own limit is 56 KiB). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A fresh request carrying `body` in place of the one already read, with the same method,
 * URL, headers (content length fixed) and socket. The front layer reads a token request
 * to check it the Entra way, then hands oidc-provider this copy, so oidc-provider parses
 * the body itself as it expects to (it warns when a body arrives pre-parsed).
 */
export function replayRequest(req: IncomingMessage, body: string, dropHeaders: readonly string[] = []): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const headers: Record<string, string | string[] | undefined> = { ...req.headers, 'content-length': String(Buffer.byteLength(body)) };
  for (const name of dropHeaders) delete headers[name];
  copy.headers = headers;
  copy.push(body);
  copy.push(null);
  // Marks the message whole: an incomplete IncomingMessage destroys its socket when it
  // is destroyed (node's `_destroy`), which would cut the shared connection.
  copy.complete = true;
  return copy;
}

/** Sends JSON with the headers Entra's token endpoint uses (https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration, as recorded in https://github.com/panva/wellknown/blob/main/issuers/entra-common/entra-common.mjs). */
export function sendJson(res: ServerResponse, status: number, body: unknown, cache: 'no-store' | 'discovery' = 'no-store'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (cache === 'discovery') {
    res.setHeader('Cache-Control', 'max-age=86400, private');
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else {
    res.setHeader('Cache-Control', 'no-store, no-cache');
    res.setHeader('Pragma', 'no-cache');
  }
  res.end(JSON.stringify(body));
}

/** Sends an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(html);
}
