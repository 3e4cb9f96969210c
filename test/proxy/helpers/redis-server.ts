import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { createClient } from 'redis';

/** A free loopback port: redis-server has no `--port 0`. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function newClient(url: string) {
  return createClient({ url });
}
export type TestRedisClient = ReturnType<typeof newClient>;

export interface RunningRedis {
  readonly url: string;
  /** A connected node-redis client; closed with the server. */
  client(): Promise<TestRedisClient>;
  close(): Promise<void>;
}

/** Set to `required` by `.ci/run`: there a missing redis-server fails the Redis tests instead of skipping them. */
export const REDIS_TEST_ENV = 'ENTRA_MCP_REDIS_TEST';

function redisBinary(): string {
  return process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
}

/**
 * Why the Redis tests cannot run here, or undefined when they can. Locally a missing
 * redis-server skips them with the reason printed; with ENTRA_MCP_REDIS_TEST=required (CI)
 * it throws, so CI never passes without them.
 */
export function redisSkipReason(): string | undefined {
  const binary = redisBinary();
  try {
    accessSync(binary, constants.X_OK);
    return undefined;
  } catch {
    const reason = `no executable redis-server at ${binary} (apt-get install redis-server, or set REDIS_SERVER_PATH)`;
    if (process.env[REDIS_TEST_ENV] === 'required') throw new Error(`${REDIS_TEST_ENV}=required but ${reason}`);
    process.stdout.write(`Redis tests skipped: ${reason} (CI sets ${REDIS_TEST_ENV}=required, which fails instead)\n`);
    return reason;
  }
}

/**
 * Starts Debian's `redis-server` (`apt-get install redis-server`; `.ci/run` must install it)
 * on a free loopback port, with no persistence, and waits until it says it is ready.
 */
export async function startRedis(binary = redisBinary()): Promise<RunningRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', (error) => reject(new Error(`could not start ${binary} (apt-get install redis-server, or set REDIS_SERVER_PATH): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${out.slice(-500)}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  const clients: TestRedisClient[] = [];
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    async client() {
      const client = newClient(url);
      await client.connect();
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
