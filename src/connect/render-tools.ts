import { claudeAi } from '../registration/known-mcp-clients/anthropic-clients.ts';
import { mcpInspector, mcpRemote, mcporter } from '../registration/known-mcp-clients/developer-tools.ts';
import type { ClientSetup, ConnectInput } from './client-setup.ts';
import { shellQuote } from './shell-quote.ts';
import { clientIdOf, signInPathFor } from './sign-in-path.ts';

/**
 * The MCP Inspector: `--cli --server-url … --client-id …`, or the same values in the web UI's
 * OAuth settings (https://github.com/modelcontextprotocol/inspector/blob/86d5f58ec8c369839b8237455ad8b1c17b15a984/clients/cli/README.md).
 */
export function renderMcpInspector(input: ConnectInput): ClientSetup {
  const id = clientIdOf(input);
  return {
    client: mcpInspector.id,
    displayName: mcpInspector.displayName,
    ...signInPathFor(mcpInspector, input),
    command: ['npx', '@modelcontextprotocol/inspector', '--cli', '--server-url', input.mcpUrl, '--client-id', id, '--method', 'tools/list'].map(shellQuote).join(' '),
    steps: [`Web UI: Transport "Streamable HTTP", URL ${input.mcpUrl}; under OAuth settings, Client ID ${id} and Scope ${input.scope}.`],
  };
}

/**
 * mcp-remote as Claude Desktop's stdio bridge: an entry in `claude_desktop_config.json` whose
 * args carry the client id (`--static-oauth-client-info`) and the scope
 * (`--static-oauth-client-metadata`) (https://github.com/geelen/mcp-remote/blob/d26e5a821ee7e266109f05871ecc2570d8a7054a/README.md).
 */
export function renderMcpRemote(input: ConnectInput): ClientSetup {
  const args = [
    '-y',
    'mcp-remote',
    input.mcpUrl,
    '--static-oauth-client-info',
    JSON.stringify({ client_id: clientIdOf(input) }),
    '--static-oauth-client-metadata',
    JSON.stringify({ scope: input.scope }),
  ];
  return {
    client: mcpRemote.id,
    displayName: mcpRemote.displayName,
    ...signInPathFor(mcpRemote, input),
    command: ['npx', ...args].map(shellQuote).join(' '),
    jsonFile: {
      location: "Claude Desktop's claude_desktop_config.json (~/Library/Application Support/Claude/ on macOS, %APPDATA%\\Claude\\ on Windows)",
      project: false,
      serversKey: 'mcpServers',
      name: input.serverName,
      entry: { command: 'npx', args },
    },
    steps: ['Add the entry to claude_desktop_config.json and restart Claude Desktop; mcp-remote opens the browser to sign in.'],
  };
}

/**
 * mcporter: `mcporter config add` with the clients id (`--oauth-client-id`, 0.12.3) and a
 * callback already on the clients registration (`--oauth-redirect-url`): its default
 * `http://127.0.0.1:<port>/callback` is not (https://www.npmjs.com/package/mcporter/v/0.12.3?activeTab=code).
 */
export function renderMcporter(input: ConnectInput): ClientSetup {
  const callback = mcporter.redirectUris[0]!.uri;
  return {
    client: mcporter.id,
    displayName: mcporter.displayName,
    ...signInPathFor(mcporter, input),
    command: ['mcporter', 'config', 'add', input.serverName, input.mcpUrl, '--oauth-client-id', clientIdOf(input), '--oauth-redirect-url', callback].map(shellQuote).join(' '),
    steps: ['Run the command above in your project, then `mcporter call <name>.whoami`: it opens the browser to sign in.'],
  };
}

/**
 * Claude Desktop / claude.ai connectors: settings screens, a client id and a secret of the
 * "entra-mcp clients" registration (its callback is a Web-platform https URI)
 * (https://support.anthropic.com/en/articles/11503834-building-custom-connectors-via-remote-mcp-servers).
 */
export function renderClaudeAi(input: ConnectInput): ClientSetup {
  return {
    client: claudeAi.id,
    displayName: claudeAi.displayName,
    ...signInPathFor(claudeAi, input),
    steps: [
      'Settings → Connectors → Add custom connector.',
      `Remote MCP server URL: ${input.mcpUrl}`,
      `Advanced settings → OAuth Client ID: ${clientIdOf(input)}`,
      'OAuth Client Secret: a client secret of the "entra-mcp clients" registration (its callback is on the Web platform, where Entra wants one).',
    ],
  };
}
