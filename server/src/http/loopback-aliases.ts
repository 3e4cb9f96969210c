import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHttpUrl } from '../entra/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The loopback names a local server answers under besides its public URL's own. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * Pure: the public URL to answer a request under. A server whose public URL is plain http
 * on a loopback name (the default, `npm run dev`) is reached as `localhost`,
 * `127.0.0.1` or `[::1]` alike, and a client must refuse metadata whose `resource` is not
 * the URL it called (RFC 9728 §3.3), so a request whose `Host` is one of those names on
 * the same port is answered under that name (metadata, challenges, allowed `Origin`).
 * Any other `Host` (a DNS rebinding page's name among them) gets the public URL.
 */
export function publicUrlForHost(publicUrl: string, host: string | undefined): string {
  if (host === undefined || !isLoopbackHttpUrl(publicUrl)) return publicUrl;
  const own = new URL(publicUrl);
  let asked: URL;
  try {
    asked = new URL(`http://${host}`);
  } catch {
    return publicUrl;
  }
  const sameTarget = asked.port === own.port && asked.host === host.toLowerCase() && asked.pathname === '/';
  return sameTarget && (LOOPBACK_NAMES as readonly string[]).includes(asked.hostname) ? asked.origin : publicUrl;
}

/**
 * When `enabled`, one request handler per loopback name (at most three, made on first
 * use), chosen by {@link publicUrlForHost}; otherwise, or for a public URL that is not
 * loopback, the one handler for the public URL.
 */
export function perLoopbackName(publicUrl: string, enabled: boolean, make: (publicUrl: string) => Handler): Handler {
  const primary = make(publicUrl);
  if (!enabled || !isLoopbackHttpUrl(publicUrl)) return primary;
  const handlers = new Map<string, Handler>([[publicUrl, primary]]);
  return (req, res) => {
    const url = publicUrlForHost(publicUrl, req.headers.host);
    let handler = handlers.get(url);
    if (handler === undefined) handlers.set(url, (handler = make(url)));
    handler(req, res);
  };
}
