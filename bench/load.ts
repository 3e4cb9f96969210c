import autocannon from 'autocannon';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
}

export const TOOLS_LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
});

/** POSTs `body` to `${url}/mcp` at the given concurrency, for `seconds` or `amount` requests. */
export async function load(url: string, body: string, options: { connections: number; seconds?: number; amount?: number; token?: string }): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/mcp`,
    method: 'POST',
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.seconds ?? 5 } : { amount: options.amount }),
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    },
    body,
  });
  return { requestsPerSecond: result.requests.average, total: result.requests.total, non2xx: result.non2xx, errors: result.errors };
}
