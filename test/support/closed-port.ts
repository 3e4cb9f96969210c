import { createServer } from 'node:http';

/** A loopback URL nothing listens on: bound on a free port, then closed (connections are refused). */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await new Promise((r) => server.close(r));
  return url;
}
