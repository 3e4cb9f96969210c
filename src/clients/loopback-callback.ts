import { createServer, type Server } from 'node:http';
import { ClientError } from './client-errors.ts';

/** A listener for the authorization response on a loopback redirect URI. */
export interface LoopbackCallback {
  /** The redirect URI to send, with the port actually bound. */
  readonly redirectUri: string;
  /** Resolves with the full callback URL (code, state, or error) once the browser arrives. */
  readonly received: Promise<URL>;
  close(): Promise<void>;
}

const PAGE = (text: string): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>entra-mcp sign-in</title></head><body style="font-family:system-ui,sans-serif;margin:40px"><p id="result">${text}</p></body></html>`;

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

/**
 * Listens on `redirectUri`'s port (0 picks one; Entra ignores the port of a loopback
 * redirect when matching, https://learn.microsoft.com/entra/identity-platform/reply-url) on both 127.0.0.1 and ::1, since a browser
 * may resolve `localhost` to either, and resolves with the first request to its path.
 */
export async function listenForCallback(redirectUri: string, port?: number): Promise<LoopbackCallback> {
  const target = new URL(redirectUri);
  let resolveReceived!: (url: URL) => void;
  const received = new Promise<URL>((resolve) => {
    resolveReceived = resolve;
  });
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
    const url = new URL(req.url ?? '/', target);
    if (url.pathname !== target.pathname) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const failed = url.searchParams.has('error');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(PAGE(failed ? 'Sign-in failed; see the terminal for why.' : 'Signed in. You can close this tab and return to the terminal.'));
    resolveReceived(url);
  };
  const v4 = createServer(handler);
  let bound: number;
  const wanted = port ?? Number(target.port || 80);
  try {
    bound = await listenOn(v4, wanted, '127.0.0.1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ClientError('config', code === 'EADDRINUSE' ? `port ${wanted} is in use, so the sign-in callback ${redirectUri} cannot listen: stop what uses it (another npm run sign-in?)` : `cannot listen for ${redirectUri}: ${(error as Error).message}`, undefined, { cause: error });
  }
  const v6 = createServer(handler);
  const v6Up = await listenOn(v6, bound, '::1').then(() => true, () => false);
  target.port = String(bound);
  const close = async (): Promise<void> => {
    for (const s of v6Up ? [v4, v6] : [v4]) {
      await new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeAllConnections();
    }
  };
  return { redirectUri: target.href, received, close };
}
