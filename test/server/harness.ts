import { Writable } from 'node:stream';
import { loadConfig, startServer, type RunningServer, type StartServerOptions } from '../../server/src/index.ts';
import { CLIENT_ID, startTestIssuer, type TestIssuer } from '../support/test-issuer.ts';

export interface Harness {
  readonly issuer: TestIssuer;
  readonly server: RunningServer;
  /** Every log line the server wrote, raw. */
  readonly logs: string[];
  /** Parsed log lines. */
  logRecords(): Record<string, unknown>[];
  mcp(token: string | undefined, body?: unknown, headers?: Record<string, string>, path?: string): Promise<Response>;
  close(): Promise<void>;
}

export const LIST_TOOLS = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} };

/** Starts a test issuer and the real server wired to it, logging into memory. */
export async function startHarness(
  env: Record<string, string> = {},
  issuerOptions: Parameters<typeof startTestIssuer>[0] = {},
  serverOptions: Omit<StartServerOptions, 'logDestination' | 'logger'> = {},
): Promise<Harness> {
  const issuer = await startTestIssuer(issuerOptions);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      callback();
    },
  });
  const config = loadConfig({
    AZURE_TENANT_ID: issuer.tenant,
    AZURE_CLIENT_ID: CLIENT_ID,
    AZURE_AUTHORITY_HOST: issuer.host,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const server = await startServer(config, { ...serverOptions, logDestination: destination });
  return {
    issuer,
    server,
    logs,
    logRecords: () => logs.map((l) => JSON.parse(l) as Record<string, unknown>),
    mcp: (token, body = LIST_TOOLS, headers = {}, path = '/mcp') =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await server.close();
      await issuer.close();
    },
  };
}

/** Parses `WWW-Authenticate: Bearer k="v", ...` into its parameters. */
export function challengeParams(header: string | null): Record<string, string> {
  if (header === null) throw new Error('no WWW-Authenticate header');
  if (!/^Bearer /.test(header)) throw new Error(`not a Bearer challenge: ${header}`);
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}
