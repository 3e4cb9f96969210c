import type { DevUser } from './dev-directory.ts';

/** What the banner describes. */
export interface DevBannerInput {
  readonly seconds: number;
  readonly issuer: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly serverUrl: string;
  readonly users: readonly DevUser[];
  /** What happened to `.env`: written, or left alone with the exports to use instead. */
  readonly envFile: { readonly written: true; readonly path: string } | { readonly written: false; readonly reason: string; readonly exports: Readonly<Record<string, string>> };
  readonly autoSignIn: DevUser | undefined;
  /** Where the provider's signing key is kept, and whether this run made it. */
  readonly signingKey?: { readonly path: string; readonly created: boolean; readonly replaced: boolean };
}

/** Pure: the banner's line on the signing key: kept (earlier tokens still verify) or new (they no longer do). */
function signingKeyLine(k: NonNullable<DevBannerInput['signingKey']>): string {
  if (!k.created) return `  signing key        kept in ${k.path}: tokens from earlier runs stay valid`;
  const why = k.replaced ? 'the file held no usable key, so a new one' : 'new';
  return `  signing key        ${why}, kept in ${k.path} for the next runs (tokens from before it need \`npm run token\` again)`;
}

/** Pure: the text `npm run dev` prints once both parts are ready. */
export function devBanner(b: DevBannerInput): string {
  const users = b.users.map((u) => `    ${u.name.padEnd(12)} ${u.preferredUsername.padEnd(24)} oid ${u.oid}`).join('\n');
  const env = b.envFile.written
    ? `  .env               ${b.envFile.path} now points npm run token / sign-in here (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST, MCP_SERVER_URL, MCP_CLIENTS_CLIENT_ID);\n                     what they held before is put back when this stops`
    : `  .env               left alone: ${b.envFile.reason}\n                     To use this stack from another shell, export:\n${Object.entries(b.envFile.exports).map(([k, v]) => `                       export ${k}=${v}`).join('\n')}`;
  const mcp = `${b.serverUrl}/mcp`;
  return `
entra-mcp dev stack ready in ${b.seconds.toFixed(1)} s

  identity provider  ${b.issuer}
                     (local Entra stand-in: tenant ${b.tenantId}, app ${b.clientId})
  MCP server         ${mcp}  (also as http://127.0.0.1:${new URL(b.serverUrl).port}/mcp)
  sign-in users${b.autoSignIn === undefined ? '' : ` (automation: every sign-in is ${b.autoSignIn.preferredUsername}, no pages)`}
${users}
${env}${b.signingKey === undefined ? '' : `\n${signingKeyLine(b.signingKey)}`}

Try next, in another terminal:
  npm run token          Device Code flow: open the URL it shows, enter the code, pick a user; prints an access token
  npm run sign-in        browser sign-in (Authorization Code + PKCE) found from the server's 401, then calls the tools
  npm run connect -- --list   how each MCP client (Claude Code, Cursor, Codex, mcp-remote, …) connects here
  npm run doctor         checks the server and each client's sign-in before anyone tries

  curl -i ${mcp}         401 with WWW-Authenticate: Bearer resource_metadata=...
  TOKEN=$(npm run -s token) && curl -s ${mcp} \\
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"0"}}}'

VS Code (.vscode/mcp.json):
  { "servers": { "entra-mcp": { "type": "http", "url": "${mcp}" } } }

Ctrl-C stops both.
`;
}
