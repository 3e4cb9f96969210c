import { createHash } from 'node:crypto';

/**
 * The path segment Codex appends to its OAuth callback for one MCP server, so the redirect
 * URI to register is `http://127.0.0.1/callback/<id>`. Codex derives it from the server URL
 * alone: SHA-256 of the URL as parsed (WHATWG serialization, fragment dropped), first
 * 9 bytes, base64url without padding, 12 characters. Behaviour described in
 * https://github.com/openai/codex/blob/18b3cfcb60746d54e5d90bb105d363d7ace1d254/codex-rs/rmcp-client/src/perform_oauth_login.rs
 * (`callback_id_from_server_url`) and its pull request https://github.com/openai/codex/pull/20237.
 *
 * @param mcpServerUrl The URL the user gives Codex, e.g. `https://mcp.contoso.com/mcp`.
 * @throws TypeError naming the value when it is not an absolute URL.
 * @example
 * ```ts
 * codexCallbackId('https://mcp.example.com/mcp'); // 'epMNJ6P1xGQ9'
 * ```
 */
export function codexCallbackId(mcpServerUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(mcpServerUrl);
  } catch {
    throw new TypeError(`codexCallbackId: ${JSON.stringify(mcpServerUrl)} is not an absolute URL; pass the MCP server URL, e.g. https://mcp.contoso.com/mcp`);
  }
  parsed.hash = '';
  return createHash('sha256').update(parsed.href).digest().subarray(0, 9).toString('base64url');
}

/** The placeholder a redirect URI template uses for `codexCallbackId(serverUrl)`. */
export const CODEX_CALLBACK_ID_PLACEHOLDER = '{codexCallbackId}';
