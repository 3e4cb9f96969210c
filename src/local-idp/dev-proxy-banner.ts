/**
 * Pure: what `npm run dev -- --auth-mode proxy` adds to the banner: the server is now the
 * authorization server MCP clients see, and how to point the common ones at it.
 */
export function devProxyBanner(serverUrl: string, autoSignIn: boolean, credential: 'managedIdentity' | 'secret' = 'managedIdentity'): string {
  const mcp = `${serverUrl}/mcp`;
  const upstream =
    credential === 'secret'
      ? 'a client secret made for this run (--proxy-credential secret)'
      : 'secretless, as on Azure: a managed identity made for this run, trusted by a federated credential on the app';
  return `
Proxy mode (MCP_AUTH_MODE=proxy): this server is the OAuth authorization server MCP clients see
  metadata           ${serverUrl}/.well-known/oauth-authorization-server (registration, PKCE S256, resource)
  upstream           the identity provider above, as a confidential client: ${upstream}
  keys               signing and cookie keys made for this run: restarting signs everyone out
  consent            every MCP client is shown on this server's consent page${autoSignIn ? ' (--auto-sign-in skips only the provider\'s pages)' : ''}
  loopback names     clients may call it as localhost, 127.0.0.1 or [::1]; the consent page is always on localhost

Connect a client that registers itself:
  npx mcp-remote ${mcp}                                       (what Claude Desktop and Cursor run)
  claude mcp add --transport http entra-mcp ${mcp}            (Claude Code)
  npx @modelcontextprotocol/inspector  then connect to ${mcp}
Entra-style tokens (npm run token, VS Code) are still accepted side by side.
`;
}
