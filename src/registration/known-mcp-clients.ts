import type { RedirectUri } from './app-registration.ts';
import { claudeAi, claudeCode } from './known-mcp-clients/anthropic-clients.ts';
import { codex, geminiCli, goose } from './known-mcp-clients/agent-clis.ts';
import { CODEX_CALLBACK_ID_PLACEHOLDER, codexCallbackId } from './known-mcp-clients/codex-callback-id.ts';
import { mcpInspector, mcpRemote, mcporter } from './known-mcp-clients/developer-tools.ts';
import { cursor, githubCopilotCli, vscode } from './known-mcp-clients/editor-clients.ts';
import type { ClientRedirectPlatform, ClientRedirectUri, KnownMcpClient, KnownMcpClientId } from './known-mcp-clients/types.ts';

export type * from './known-mcp-clients/types.ts';
export { codexCallbackId } from './known-mcp-clients/codex-callback-id.ts';

/**
 * The MCP clients people use, as data: how each signs in to Entra, the redirect URIs it
 * sends, how it is told a client id, what it asks for, and where each fact comes from.
 * Pulumi, `register-app`, the local identity provider, `npm run connect` and `npm run doctor`
 * read this table; docs/mcp-clients.md is its readable form.
 */
export const knownMcpClients: readonly KnownMcpClient[] = [
  vscode,
  githubCopilotCli,
  claudeCode,
  claudeAi,
  cursor,
  codex,
  goose,
  geminiCli,
  mcpInspector,
  mcpRemote,
  mcporter,
];

/**
 * The table row for `id`, or undefined for an unknown id (callers turn that into an error
 * naming the valid ids, e.g. from `knownMcpClients.map((c) => c.id)`).
 *
 * @example
 * ```ts
 * findKnownClient('codex')?.config.userFile; // '~/.codex/config.toml'
 * ```
 */
export function findKnownClient(id: string): KnownMcpClient | undefined {
  return knownMcpClients.find((client) => client.id === id);
}

/** The path a client takes to this server: straight to Entra, or through proxy mode. */
export type ConnectionPath = 'direct' | 'proxy';

/** `direct` when the client can use a pre-authorized first-party id or the "entra-mcp clients" registration. */
export function connectionPath(client: KnownMcpClient): ConnectionPath {
  return client.signIn.kind === 'proxy-only' ? 'proxy' : 'direct';
}

/** Options for `knownClientRedirectUrisFor`. */
export interface RedirectUriOptions {
  /**
   * The MCP server URLs the registration serves (`${MCP_PUBLIC_URL}/mcp`). Needed for clients
   * whose callback path depends on the server URL (Codex); without them those are left out.
   */
  readonly mcpServerUrls?: readonly string[];
}

/**
 * The redirect URIs of one platform that the public "entra-mcp clients" registration must
 * carry: the union over every client that signs in with it, de-duplicated, in table order,
 * each with the clients that need it as its purpose. Loopback URIs come without a port
 * because Entra ignores the port of loopback redirect URIs and warns against registering
 * URIs that differ only in port (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions).
 * First-party clients are left out: their redirect URIs live on their vendor's application.
 * (Named apart from app-registration.ts's `redirectUrisFor`, which reads the API's own list.)
 *
 * @example
 * ```ts
 * knownClientRedirectUrisFor('web').map((r) => r.uri);
 * // ['https://claude.ai/api/mcp/auth_callback', 'https://claude.com/api/mcp/auth_callback']
 * ```
 */
export function knownClientRedirectUrisFor(
  platform: ClientRedirectPlatform,
  options: RedirectUriOptions = {},
  clients: readonly KnownMcpClient[] = knownMcpClients,
): RedirectUri[] {
  const users = new Map<string, string[]>();
  for (const client of clients) {
    if (client.signIn.kind !== 'entra-mcp-clients-registration') continue;
    for (const redirect of client.redirectUris) {
      if (redirect.platform !== platform) continue;
      for (const uri of expand(redirect, options.mcpServerUrls ?? [])) {
        const names = users.get(uri) ?? [];
        if (!names.includes(client.displayName)) names.push(client.displayName);
        users.set(uri, names);
      }
    }
  }
  return [...users].map(([uri, names]) => ({ uri, platform, purpose: names.join('; ') }));
}

function expand(redirect: ClientRedirectUri, mcpServerUrls: readonly string[]): string[] {
  if (redirect.perServer !== 'codex-callback-id') return [redirect.uri];
  return mcpServerUrls.map((url) => redirect.uri.replace(CODEX_CALLBACK_ID_PLACEHOLDER, codexCallbackId(url)));
}

/**
 * The first-party client ids the API registration must pre-authorize (each once, in table
 * order): clients that sign in with their vendor's own application show no consent prompt.
 */
export function preAuthorizedFirstPartyClientIds(clients: readonly KnownMcpClient[] = knownMcpClients): string[] {
  const ids: string[] = [];
  for (const client of clients) {
    if (client.signIn.kind === 'first-party-preauthorized' && !ids.includes(client.signIn.clientId)) ids.push(client.signIn.clientId);
  }
  return ids;
}

/** The ids in the table, for error messages (`--list`, an unknown client name). */
export function knownClientIds(): KnownMcpClientId[] {
  return knownMcpClients.map((client) => client.id);
}
