import type { Server, ServerResponse } from 'node:http';

export interface Drain {
  /** True once shutdown has begun. */
  readonly draining: boolean;
  /**
   * Stops listening, finishes the requests already accepted, then resolves; whatever is still
   * open after `forceAfterMs` is cut.
   */
  close(forceAfterMs: number): Promise<void>;
}

/**
 * Graceful shutdown for `server`. Every answer sent once shutdown has begun carries
 * `Connection: close`, including answers to requests already in flight, so no client sends
 * another request on a connection about to close, and no connection waits out the keep-alive
 * timeout. A request a client had already sent on an idle keep-alive socket when shutdown began
 * is one of those accepted: closing that socket with its bytes unread would answer it with a TCP
 * reset. So idle sockets are closed only after the event loop has turned once (two
 * `setImmediate` hops put one poll phase in between), by which time such a request has been read
 * and its socket is busy, not idle.
 */
export function drainable(server: Server): Drain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  // Registered before the request handler, so it sees every request first.
  server.on('request', (_req, res: ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    get draining() {
      return draining;
    },
    close(forceAfterMs) {
      draining = true;
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
        // Too late to say so: close the connection once it is idle again.
        else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
      }
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
    },
  };
}
