/**
 * Every way a request is refused other than authentication (that is `toChallengeResponse`),
 * mapped to HTTP in this one place. Branch on the code, never on the message.
 */
export type RefusalCode =
  | 'bad_request_target'
  | 'not_found'
  | 'method_not_allowed'
  | 'origin_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'parse_error'
  | 'server_error';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

// JSON-RPC codes: -32700 is the spec's parse error; -32000 is what the MCP SDK's own
// streamable HTTP transport answers for its HTTP-level refusals (406, 415, ...).
const TABLE: Record<RefusalCode, { status: number; rpcCode: number; message: string }> = {
  bad_request_target: { status: 400, rpcCode: -32000, message: 'Bad request: malformed request target' },
  not_found: { status: 404, rpcCode: -32000, message: 'Not found' },
  method_not_allowed: { status: 405, rpcCode: -32000, message: 'Method not allowed' },
  origin_not_allowed: { status: 403, rpcCode: -32000, message: 'Forbidden: Origin not allowed' },
  unsupported_media_type: { status: 415, rpcCode: -32000, message: 'Unsupported Media Type: Content-Type must be application/json' },
  payload_too_large: { status: 413, rpcCode: -32000, message: 'Payload too large' },
  parse_error: { status: 400, rpcCode: -32700, message: 'Parse error: the body is not valid JSON' },
  // Nothing about the cause: it is logged, not told.
  server_error: { status: 500, rpcCode: -32603, message: 'Internal error' },
};

/**
 * The answer for a refusal, in one body shape: a JSON-RPC error with no id (the shape the MCP
 * SDK's transport uses for its own refusals, so an MCP client reads every refusal alike), its
 * `data.reason` the stable code. `detail` (safe text, never input echoed) refines the message.
 *
 * @example
 * ```ts
 * refusal('method_not_allowed', 'send JSON-RPC with POST', { allow: 'POST' }).status; // 405
 * ```
 */
export function refusal(code: RefusalCode, detail?: string, headers: Readonly<Record<string, string>> = {}): Answer {
  const { status, rpcCode, message } = TABLE[code];
  return {
    status,
    headers,
    body: { jsonrpc: '2.0', error: { code: rpcCode, message: detail === undefined ? message : `${message}: ${detail}`, data: { reason: code } }, id: null },
  };
}
