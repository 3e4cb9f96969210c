import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on 127.0.0.1; a port in use is an error naming the flag that chooses another. */
export function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another port for the identity provider (--idp-port or LOCAL_IDP_PORT)`) : error);
    });
    server.listen(port, '127.0.0.1', () => resolve(server.address() as AddressInfo));
  });
}
