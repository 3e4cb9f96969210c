import { claudeCode } from '../registration/known-mcp-clients/anthropic-clients.ts';
import { codex, geminiCli, goose } from '../registration/known-mcp-clients/agent-clis.ts';
import type { ClientSetup, ConnectInput } from './client-setup.ts';
import { shellQuote } from './shell-quote.ts';
import { clientIdOf, signInPathFor } from './sign-in-path.ts';

/**
 * Claude Code: `claude mcp add --transport http --client-id … --callback-port …`, or the same
 * in `.mcp.json` as `oauth: { clientId, callbackPort, scopes }` (https://code.claude.com/docs/en/mcp,
 * https://github.com/anthropics/claude-code/issues/66511). The port is any free one: Entra
 * ignores the port of loopback redirect URIs; a fixed one makes the command reproducible.
 */
export function renderClaudeCode(input: ConnectInput): ClientSetup {
  const id = clientIdOf(input);
  const command = ['claude', 'mcp', 'add', '--transport', 'http', '--scope', 'project', '--client-id', id, '--callback-port', String(input.callbackPort), input.serverName, input.mcpUrl]
    .map(shellQuote)
    .join(' ');
  return {
    client: claudeCode.id,
    displayName: claudeCode.displayName,
    ...signInPathFor(claudeCode, input),
    command,
    jsonFile: {
      location: '.mcp.json',
      project: true,
      serversKey: 'mcpServers',
      name: input.serverName,
      entry: { type: 'http', url: input.mcpUrl, oauth: { clientId: id, callbackPort: input.callbackPort, scopes: input.scope } },
    },
    steps: ['Run the command (or npm run connect -- claude-code --write), then /mcp inside Claude Code and choose Authenticate.'],
  };
}

/** Codex: `[mcp_servers.<name>]` with `url`, `scopes` and `[…oauth] client_id` (https://developers.openai.com/codex/mcp). */
export function renderCodex(input: ConnectInput): ClientSetup {
  const id = clientIdOf(input);
  const table = `mcp_servers.${tomlKey(input.serverName)}`;
  const text = [`[${table}]`, `url = ${JSON.stringify(input.mcpUrl)}`, `scopes = [${JSON.stringify(input.scope)}]`, '', `[${table}.oauth]`, `client_id = ${JSON.stringify(id)}`, ''].join('\n');
  return {
    client: codex.id,
    displayName: codex.displayName,
    ...signInPathFor(codex, input),
    command: ['codex', 'mcp', 'add', input.serverName, '--url', input.mcpUrl, '--oauth-client-id', id, '--scopes', input.scope].map(shellQuote).join(' '),
    snippet: { location: '~/.codex/config.toml (or .codex/config.toml in a trusted project)', text },
    steps: ['Run the command, or add the lines to config.toml, then `codex mcp login ' + input.serverName + '`.'],
  };
}

/** Goose: an `extensions.<name>` entry of type streamable_http with `client_id` and `scopes`. */
export function renderGoose(input: ConnectInput): ClientSetup {
  const text = [
    'extensions:',
    `  ${input.serverName}:`,
    '    enabled: true',
    '    type: streamable_http',
    `    name: ${JSON.stringify(input.serverName)}`,
    `    uri: ${JSON.stringify(input.mcpUrl)}`,
    `    client_id: ${JSON.stringify(clientIdOf(input))}`,
    '    scopes:',
    `      - ${JSON.stringify(input.scope)}`,
    '',
  ].join('\n');
  return {
    client: goose.id,
    displayName: goose.displayName,
    ...signInPathFor(goose, input),
    snippet: { location: '~/.config/goose/config.yaml', text },
    steps: ['Merge the entry under "extensions:" in config.yaml (its nesting is not confirmed by Goose\'s own docs: see docs/mcp-clients.md).'],
  };
}

/**
 * Gemini CLI: `mcpServers.<name> = { httpUrl, oauth: { enabled, clientId, scopes } }` in
 * `.gemini/settings.json` ("url" would mean SSE). Scopes must be set: without them it asks
 * for the authorization server's OIDC scopes only
 * (https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/docs/tools/mcp-server.md).
 */
export function renderGeminiCli(input: ConnectInput): ClientSetup {
  return {
    client: geminiCli.id,
    displayName: geminiCli.displayName,
    ...signInPathFor(geminiCli, input),
    jsonFile: {
      location: '.gemini/settings.json',
      project: true,
      serversKey: 'mcpServers',
      name: input.serverName,
      entry: { httpUrl: input.mcpUrl, oauth: { enabled: true, clientId: clientIdOf(input), scopes: [input.scope] } },
    },
    steps: ['Add the entry to .gemini/settings.json (npm run connect -- gemini-cli --write), then `/mcp auth ' + input.serverName + '` inside gemini.'],
  };
}

/** A TOML bare key, or a quoted one. */
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
