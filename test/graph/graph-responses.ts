/** Response helpers shared by the stand-ins: Graph's headers and error body. */
import { randomUUID } from 'node:crypto';

/** Graph's JSON content type (what graph.microsoft.com sends for v1.0 entities). */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function ids(request: Request): Record<string, string> {
  const requestId = randomUUID();
  return { 'request-id': requestId, 'client-request-id': request.headers.get('client-request-id') ?? requestId };
}

/** A Graph JSON answer with `request-id` / `client-request-id` headers. */
export function graphJson(request: Request, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': GRAPH_JSON, ...ids(request), ...headers } });
}

/** `204 No Content`, as PATCH and removePassword answer. */
export function graphNoContent(request: Request): Response {
  return new Response(null, { status: 204, headers: ids(request) });
}

export interface GraphErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: readonly { code: string; message?: string; target?: string }[];
  readonly headers?: Record<string, string>;
}

/**
 * Graph's error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`
 * (learn.microsoft.com troubleshoot article on Authorization_RequestDenied); `details` when given.
 */
export function graphError(request: Request, spec: GraphErrorSpec): Response {
  const h = ids(request);
  const innerError = { date: new Date().toISOString().slice(0, 19), 'request-id': h['request-id'], 'client-request-id': h['client-request-id'] };
  const error = { code: spec.code, message: spec.message, ...(spec.details === undefined ? {} : { details: spec.details }), innerError };
  return new Response(JSON.stringify({ error }), { status: spec.status, headers: { 'content-type': 'application/json', ...h, ...spec.headers } });
}

/** `Request_ResourceNotFound` as Graph words it (REPORTED: pnp/cli-microsoft365 specs). */
export function notFound(request: Request, id: string): Response {
  return graphError(request, {
    status: 404,
    code: 'Request_ResourceNotFound',
    message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  });
}
