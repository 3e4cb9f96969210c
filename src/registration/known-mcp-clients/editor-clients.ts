import { VSCODE_CLIENT_ID } from '../app-registration.ts';
import type { KnownMcpClient } from './types.ts';

/** Editors and the CLI that shares VS Code's Microsoft sign-in. Researched December 2026. */

export const vscode: KnownMcpClient = {
  id: 'vscode',
  displayName: 'Visual Studio Code (GitHub Copilot agent mode)',
  signIn: { kind: 'first-party-preauthorized', clientId: VSCODE_CLIENT_ID, appName: 'Visual Studio Code' },
  redirectUris: [],
  clientIdVia:
    'Nothing to set: for an authorization server under https://login.microsoftonline.com VS Code hands sign-in to its built-in Microsoft authentication provider, which uses its own client id.',
  scopes:
    "The protected resource metadata's scopes_supported; the tenant comes from the authorization server URL's path (default organizations). If only OIDC scopes remain it adds Graph User.Read.",
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'yes' },
  needsPublicServer: false,
  config: {
    format: 'json',
    projectFile: '.vscode/mcp.json',
    userFile: 'mcp.json in the VS Code user profile (command "MCP: Open User Configuration")',
    serversKey: 'servers',
  },
  notes: [
    "It sends resource = the metadata's resource, so the API needs the MCP URL as an identifier URI (else AADSTS9010010, microsoft/vscode#321249).",
    'No consent prompt is shown for an API scope: pre-authorize its client id on the API registration.',
  ],
  sources: [
    'https://github.com/microsoft/vscode/blob/36210e1d0c504ae44c2c9a11f8edd37aa2205c79/extensions/microsoft-authentication/src/common/scopeData.ts',
    'https://github.com/microsoft/vscode/blob/0b1b09df40885b7cb967152e538087515d1e6813/extensions/microsoft-authentication/src/node/flows.ts',
    'https://github.com/microsoft/vscode/blob/main/extensions/microsoft-authentication/package.json',
    'https://github.com/microsoft/vscode/issues/262602',
    'https://github.com/microsoft/vscode/pull/314784',
    'https://github.com/microsoft/vscode/issues/321249',
    'https://github.com/microsoft/vscode-docs/blob/08868fe532982ca3ec365f8beb553c85cf481064/docs/agents/reference/mcp-configuration.md',
    'https://code.visualstudio.com/updates/v1_106',
  ],
  unverified: [
    {
      fact: "That the mcp.json oauth.clientId setting is ignored for Entra authorization servers",
      found: 'The docs define oauth.clientId for HTTP servers without naming an exception; the routing to the Microsoft provider comes from authorizationServerGlobs in extensions/microsoft-authentication/package.json.',
    },
    {
      fact: 'CIMD support',
      found: 'Cited from the VS Code 1.106 release notes through a third-party summary; the notes themselves were not read.',
    },
  ],
};

export const githubCopilotCli: KnownMcpClient = {
  id: 'github-copilot-cli',
  displayName: 'GitHub Copilot CLI',
  signIn: { kind: 'first-party-preauthorized', clientId: VSCODE_CLIENT_ID, appName: 'Visual Studio Code (reused by Copilot CLI)' },
  redirectUris: [],
  clientIdVia:
    'Nothing to set for Entra (it reuses VS Code\'s client id). A client of your own goes in "oauthClientId" (with "oauthPublicClient": true) on the server entry.',
  scopes: '"oauthScopes" on the server entry; otherwise discovered from the server.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'unknown' },
  needsPublicServer: false,
  config: {
    format: 'json',
    projectFile: '.mcp.json (or .github/mcp.json)',
    userFile: '~/.copilot/mcp-config.json',
    serversKey: 'mcpServers',
    addCommand: '/mcp add (inside copilot)',
  },
  notes: ['Pre-authorizing VS Code\'s client id covers it too.'],
  sources: [
    'https://github.com/microsoft/powerbi-modeling-mcp/issues/68',
    'https://github.com/github/copilot-cli/issues/33',
    'https://github.com/microsoft/EnterpriseMCP/pull/13',
    'https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-command-reference',
  ],
  unverified: [
    {
      fact: "That Copilot CLI signs in to Entra with VS Code's client id and sends resource",
      found:
        'Observed, not documented: an authorize URL from Copilot CLI 1.0.2 quoted in microsoft/powerbi-modeling-mcp#68 carries client_id aebc6443-… and redirect_uri http://127.0.0.1:<port>/, and the same report hits AADSTS9010010.',
    },
    {
      fact: 'The oauthClientId / oauthPublicClient / oauthScopes field names and CIMD support',
      found: 'Taken from summaries of the GitHub Docs CLI reference (microsoft/EnterpriseMCP, 2026-04; a third-party survey, 2026-10), not the page itself; github/copilot-cli#33 (2026-02) said CIMD was not supported yet.',
    },
  ],
};

export const cursor: KnownMcpClient = {
  id: 'cursor',
  displayName: 'Cursor',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    { uri: 'http://localhost/callback', platform: 'publicClient', anyPort: true, sentAs: 'http://localhost:8787/callback (desktop)' },
    {
      uri: 'cursor://anysphere.cursor-mcp/oauth/callback',
      platform: 'publicClient',
      anyPort: false,
      sentAs: 'cursor://anysphere.cursor-mcp/oauth/callback (earlier desktop releases)',
    },
  ],
  clientIdVia: 'The server entry\'s "auth" object in mcp.json: "CLIENT_ID" (and "CLIENT_SECRET" only for confidential clients).',
  scopes: '"auth.scopes" (an array); without it, every scope in the protected resource metadata\'s scopes_supported.',
  sendsResource: 'unknown',
  registration: { dcr: 'yes', cimd: 'unknown' },
  needsPublicServer: false,
  config: { format: 'json', projectFile: '.cursor/mcp.json', userFile: '~/.cursor/mcp.json', serversKey: 'mcpServers' },
  notes: ['Both callbacks are registered, so old and new releases work.'],
  sources: [
    'https://cursor.com/docs/mcp',
    'https://glama.ai/mcp/servers/Echsecutor/idealo-proxy/tree',
    'https://developer.mittwald.de/docs/v2/mcp/getting-connected/cursor',
    'https://docs.pipeshub.com/mcp/cursor',
  ],
  unverified: [
    {
      fact: 'Which callback current Cursor sends',
      found:
        'cursor.com/docs/mcp was not in the stored corpus. Third-party pages disagree: one (citing Cursor\'s docs, 2026) says http://localhost:8787/callback replaced cursor://anysphere.cursor-mcp/oauth/callback; others still list the cursor:// URI.',
    },
    { fact: 'Whether Cursor sends resource', found: 'Nothing in the sources says either way.' },
    { fact: 'The auth.CLIENT_ID / auth.scopes keys', found: 'From vendor guides (mittwald, PipesHub), not from Cursor\'s own page.' },
  ],
};
