import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the Origin policy decided for a request to `/mcp`. */
export type OriginDecision = 'refuse' | 'preflight-answered' | 'continue';

const MCP_PREFLIGHT = {
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'authorization, content-type, accept, mcp-protocol-version, mcp-session-id',
  'access-control-max-age': '600',
};

/** The RFC 9728 documents are public: any page may read them. */
export const METADATA_CORS = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': 'mcp-protocol-version' };

/**
 * The Origin rule for `/mcp`: a browser page on another origin must not reach a server on
 * this host (DNS rebinding); an allowed origin (the public URL, ALLOWED_ORIGINS) may read the
 * answers, challenges included, and its preflight is answered before authentication, since a
 * preflight carries no credentials.
 */
export function createOriginPolicy(publicUrl: string, allowedOrigins: readonly string[]) {
  const allowed = new Set([new URL(publicUrl).origin, ...allowedOrigins]);
  return (req: IncomingMessage, res: ServerResponse): OriginDecision => {
    const origin = req.headers.origin;
    if (origin === undefined) return 'continue';
    if (!allowed.has(origin)) return 'refuse';
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    res.setHeader('access-control-expose-headers', 'www-authenticate, mcp-session-id');
    if (req.method !== 'OPTIONS') return 'continue';
    res.writeHead(204, MCP_PREFLIGHT).end();
    return 'preflight-answered';
  };
}
