import type { KnownMcpClient } from './types.ts';

/** Tools developers use to try and bridge MCP servers. Researched December 2026. */

const INSPECTOR = 'https://github.com/modelcontextprotocol/inspector/blob/86d5f58ec8c369839b8237455ad8b1c17b15a984';
const MCP_REMOTE = 'https://github.com/geelen/mcp-remote/blob/d26e5a821ee7e266109f05871ecc2570d8a7054a';
const MCPORTER = 'https://github.com/steipete/mcporter/blob/8cc23a23881d982bf3fb6eb37b6a2f6633c3987d';

export const mcpInspector: KnownMcpClient = {
  id: 'mcp-inspector',
  displayName: 'MCP Inspector (v2: CLI, TUI, web)',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: 'http://127.0.0.1/oauth/callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://127.0.0.1:6276/oauth/callback (CLI and TUI)',
      override: '--callback-url or MCP_OAUTH_CALLBACK_URL (loopback only).',
    },
    { uri: 'http://localhost/oauth/callback', platform: 'publicClient', anyPort: true, sentAs: 'http://localhost:6274/oauth/callback (web UI)' },
  ],
  clientIdVia: '--client-id <id> (CLI), or "oauth": { "clientId": … } on the server entry in mcp.json, or the install-level client.json.',
  scopes: '"oauth.scopes" on the server entry (the web UI\'s Scopes field); otherwise discovered.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'yes' },
  needsPublicServer: false,
  config: {
    format: 'json',
    userFile: '~/.mcp-inspector/mcp.json (MCP_CATALOG_PATH)',
    serversKey: 'mcpServers',
    addCommand: 'npx @modelcontextprotocol/inspector --cli --server-url <url> --client-id <id> --method tools/list',
  },
  notes: ['resource is a reserved authorization parameter: the Inspector always sets it and drops any override.'],
  sources: [
    `${INSPECTOR}/core/auth/node/runner-oauth-callback.ts`,
    `${INSPECTOR}/clients/cli/README.md`,
    `${INSPECTOR}/clients/cli/src/cli.ts`,
    `${INSPECTOR}/docs/mcp-server-configuration.md`,
    `${INSPECTOR}/core/auth/authorizationParams.ts`,
  ],
  unverified: [
    {
      fact: 'The platform of the web UI callback',
      found:
        'If the browser itself redeemed the code, Entra would want that URI on the single-page-application platform; the web client\'s backend proxies its connections (clients/web/README.md), but the token request path was not traced.',
    },
  ],
};

export const mcpRemote: KnownMcpClient = {
  id: 'mcp-remote',
  displayName: 'mcp-remote (stdio bridge, e.g. for Claude Desktop)',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: 'http://localhost/oauth/callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://localhost:<port>/oauth/callback; the port is derived from a hash of the server URL (3335–49151)',
      override: 'A port number right after the server URL; --host changes the host.',
    },
  ],
  clientIdVia: "--static-oauth-client-info '{\"client_id\":\"<id>\"}'",
  scopes:
    "--static-oauth-client-metadata '{\"scope\":\"…\"}' wins; else the WWW-Authenticate scope, else the protected resource metadata's scopes_supported.",
  sendsResource: 'optional',
  resourceOptOut: '--disable-resource-parameter (and --resource <uri> sets another value)',
  registration: { dcr: 'yes', cimd: 'no' },
  needsPublicServer: false,
  config: {
    format: 'json',
    userFile:
      "the host's file, e.g. Claude Desktop's claude_desktop_config.json (~/Library/Application Support/Claude/ on macOS, %APPDATA%\\Claude\\ on Windows)",
    serversKey: 'mcpServers',
  },
  notes: ['The README still says the default port is 3334; the code picks it from the server URL\'s hash, so pin a port or rely on Entra ignoring it.'],
  sources: [`${MCP_REMOTE}/README.md`, `${MCP_REMOTE}/src/lib/utils.ts`, `${MCP_REMOTE}/src/lib/node-oauth-client-provider.ts`, 'https://github.com/geelen/mcp-remote/pull/218'],
  unverified: [],
};

export const mcporter: KnownMcpClient = {
  id: 'mcporter',
  displayName: 'mcporter',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      // Its default callback is http://127.0.0.1:<port>/callback; connect renders
      // --oauth-redirect-url with Cursor's port-free callback, already on the registration.
      uri: 'http://localhost/callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://127.0.0.1:<ephemeral port>/callback by default; http://localhost:<port>/callback with the --oauth-redirect-url connect renders',
      override: '--oauth-redirect-url on `mcporter config add` (or "oauthRedirectUrl" on the server entry).',
    },
  ],
  clientIdVia: '--oauth-client-id <id> on `mcporter config add` (0.12.3: dist/cli/config/add.js), used as static client information (dist/oauth-client-info.js).',
  scopes: "The server's metadata scope (the MCP SDK's default).",
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'no' },
  needsPublicServer: false,
  config: {
    format: 'json',
    projectFile: 'config/mcporter.json',
    userFile: '~/.mcporter/mcporter.json',
    serversKey: 'mcpServers',
    addCommand: 'mcporter config add <name> <url> --oauth-client-id <id> --oauth-redirect-url http://localhost/callback',
  },
  notes: ['test/real-clients/mcporter.test.ts runs 0.12.3 with what connect renders against npm run dev: it signs in with the clients id and resource sent, and calls whoami.'],
  sources: [
    `${MCPORTER}/src/oauth.ts`,
    `${MCPORTER}/docs/config.md`,
    'https://www.npmjs.com/package/mcporter/v/0.12.3?activeTab=code',
  ],
  unverified: [
    { fact: 'The repository source of --oauth-client-id', found: 'Read in the published 0.12.3 package (dist/cli/config/add.js, dist/oauth-client-info.js); the stored repository is 0.7.4 (2026-01-01), before it.' },
  ],
};
