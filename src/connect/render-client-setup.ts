import { knownMcpClients, type KnownMcpClientId } from '../registration/known-mcp-clients.ts';
import type { ClientSetup, ConnectInput } from './client-setup.ts';
import { renderClaudeCode, renderCodex, renderGeminiCli, renderGoose } from './render-agents.ts';
import { renderCursor, renderGithubCopilotCli, renderVscode } from './render-editors.ts';
import { renderClaudeAi, renderMcpInspector, renderMcpRemote, renderMcporter } from './render-tools.ts';

/** One renderer per client in the known-clients table; the type makes a new row need one. */
export const renderers: Readonly<Record<KnownMcpClientId, (input: ConnectInput) => ClientSetup>> = {
  vscode: renderVscode,
  'github-copilot-cli': renderGithubCopilotCli,
  'claude-code': renderClaudeCode,
  'claude-ai': renderClaudeAi,
  cursor: renderCursor,
  codex: renderCodex,
  goose: renderGoose,
  'gemini-cli': renderGeminiCli,
  'mcp-inspector': renderMcpInspector,
  'mcp-remote': renderMcpRemote,
  mcporter: renderMcporter,
};

/** Pure: every client's setup, in table order (for `--list`). */
export function renderAll(input: ConnectInput): ClientSetup[] {
  return knownMcpClients.map((client) => renderers[client.id](input));
}

/** Pure: the text `npm run connect -- <client>` prints for a person. */
export function setupText(setup: ClientSetup): string {
  const lines = [`${setup.displayName}: ${setup.path === 'direct' ? 'signs in straight to Entra' : setup.path === 'proxy' ? 'through proxy mode only' : 'not yet'}`];
  if (setup.why !== undefined) lines.push(`  (${setup.why})`);
  if (setup.command !== undefined) lines.push('', 'Command:', `  ${setup.command}`);
  if (setup.jsonFile !== undefined) {
    lines.push('', `In ${setup.jsonFile.location}:`, indent(JSON.stringify({ [setup.jsonFile.serversKey]: { [setup.jsonFile.name]: setup.jsonFile.entry } }, null, 2)));
  }
  if (setup.snippet !== undefined) lines.push('', `In ${setup.snippet.location}:`, indent(setup.snippet.text.trimEnd()));
  lines.push('', ...setup.steps.map((s) => `- ${s}`));
  return `${lines.join('\n')}\n`;
}

/** Pure: the `--list` table. */
export function listText(setups: readonly ClientSetup[]): string {
  const width = Math.max(...setups.map((s) => s.client.length)) + 2;
  const rows = setups.map((s) => `${s.client.padEnd(width)}${(s.path === 'not-yet' ? 'not yet' : s.path).padEnd(9)}${s.why ?? ''}`.trimEnd());
  return `${['client'.padEnd(width) + 'path', ...rows].join('\n')}\n`;
}

function indent(text: string): string {
  return text.split('\n').map((l) => (l === '' ? '' : `  ${l}`)).join('\n');
}
