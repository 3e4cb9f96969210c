import { cursor, githubCopilotCli, vscode } from '../registration/known-mcp-clients/editor-clients.ts';
import type { ClientSetup, ConnectInput } from './client-setup.ts';
import { clientIdOf, signInPathFor } from './sign-in-path.ts';

/**
 * VS Code: `.vscode/mcp.json`, `servers.<name> = { type: 'http', url }`. No client id: for a
 * login.microsoftonline.com authorization server VS Code signs in with its own, pre-authorized
 * one (https://github.com/microsoft/vscode-docs/blob/08868fe532982ca3ec365f8beb553c85cf481064/docs/agents/reference/mcp-configuration.md).
 */
export function renderVscode(input: ConnectInput): ClientSetup {
  return {
    client: vscode.id,
    displayName: vscode.displayName,
    ...signInPathFor(vscode, input),
    jsonFile: { location: '.vscode/mcp.json', project: true, serversKey: 'servers', name: input.serverName, entry: { type: 'http', url: input.mcpUrl } },
    steps: ['Add the entry to .vscode/mcp.json (npm run connect -- vscode --write), then choose "Start" above it in VS Code and sign in with your work account.'],
  };
}

/**
 * GitHub Copilot CLI: `mcpServers.<name> = { type: 'http', url, tools: ['*'] }` in
 * `.mcp.json` or `~/.copilot/mcp-config.json`; for Entra it reuses VS Code's client id.
 */
export function renderGithubCopilotCli(input: ConnectInput): ClientSetup {
  return {
    client: githubCopilotCli.id,
    displayName: githubCopilotCli.displayName,
    ...signInPathFor(githubCopilotCli, input),
    jsonFile: { location: '.mcp.json', project: true, serversKey: 'mcpServers', name: input.serverName, entry: { type: 'http', url: input.mcpUrl, tools: ['*'] } },
    steps: ['Add the entry to .mcp.json (npm run connect -- github-copilot-cli --write), or run /mcp add inside copilot with the URL above.'],
  };
}

/**
 * Cursor: `.cursor/mcp.json`, `mcpServers.<name> = { url, auth: { CLIENT_ID, scopes } }`
 * (https://cursor.com/docs/mcp; key names as recorded in the known-clients table).
 */
export function renderCursor(input: ConnectInput): ClientSetup {
  return {
    client: cursor.id,
    displayName: cursor.displayName,
    ...signInPathFor(cursor, input),
    jsonFile: {
      location: '.cursor/mcp.json',
      project: true,
      serversKey: 'mcpServers',
      name: input.serverName,
      entry: { url: input.mcpUrl, auth: { CLIENT_ID: clientIdOf(input), scopes: [input.scope] } },
    },
    steps: ['Add the entry to .cursor/mcp.json (npm run connect -- cursor --write), then enable the server in Cursor Settings → MCP and sign in.'],
  };
}
