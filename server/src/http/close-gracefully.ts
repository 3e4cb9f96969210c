import type { Server } from 'node:http';

/**
 * Stops listening, finishes the requests already accepted, then resolves. A request a client
 * had already sent on an idle keep-alive socket when shutdown began is one of those: closing
 * that socket with its bytes unread would answer it with a TCP reset. So idle sockets are
 * closed only after the event loop has turned once (two `setImmediate` hops put one poll phase
 * in between), by which time such a request has been read and its socket is busy, not idle.
 * Responses sent while draining carry `Connection: close` (see the request handler).
 * Whatever is still open after `forceAfterMs` is cut.
 */
export function closeGracefully(server: Server, forceAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), forceAfterMs).unref();
    setImmediate(() =>
      setImmediate(() =>
        // Node's `close()` closes the idle connections itself, then waits for the busy ones.
        server.close(() => {
          clearTimeout(force);
          resolve();
        }),
      ),
    );
  });
}
