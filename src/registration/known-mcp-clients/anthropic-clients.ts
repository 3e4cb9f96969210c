import type { KnownMcpClient } from './types.ts';

/** Anthropic's clients. Researched December 2026. */

export const claudeCode: KnownMcpClient = {
  id: 'claude-code',
  displayName: 'Claude Code',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: 'http://localhost/callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://localhost:<random port>/callback',
      override: 'Port only: --callback-port, "oauth.callbackPort" or MCP_OAUTH_CALLBACK_PORT; host and path are fixed.',
    },
  ],
  clientIdVia:
    'claude mcp add --transport http --client-id <id> [--callback-port <port>] <name> <url>, or "oauth": { "clientId": … } on the server entry.',
  scopes: '"oauth.scopes" (one space-separated string); otherwise discovered from the server\'s metadata.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'yes' },
  needsPublicServer: false,
  config: {
    format: 'json',
    projectFile: '.mcp.json',
    userFile: '~/.claude.json',
    serversKey: 'mcpServers',
    addCommand: 'claude mcp add --transport http --scope project …',
  },
  notes: [
    "resource cannot be turned off or overridden (anthropics/claude-code#73460, closed without a setting; #89438, still open on 2.1.241): the API needs the MCP URL as an identifier URI.",
    'A resource with no path gets a trailing slash (anthropics/claude-code#52871); this server\'s resource ends in /mcp, so it is unaffected.',
  ],
  sources: [
    'https://code.claude.com/docs/en/mcp',
    'https://github.com/anthropics/claude-code/issues/66511',
    'https://github.com/anthropics/claude-code/issues/73460',
    'https://github.com/anthropics/claude-code/issues/89438',
    'https://github.com/anthropics/claude-code/issues/52871',
  ],
  unverified: [
    {
      fact: 'The oauth.clientId / oauth.callbackPort / oauth.scopes keys and CIMD support',
      found:
        'code.claude.com/docs/en/mcp itself was not in the stored corpus; the keys come from copies of it (a wiki page dated 2026-10-19, vendor guides) and from anthropics/claude-code#66511, which names --callback-port, oauth.callbackPort and MCP_OAUTH_CALLBACK_PORT.',
    },
  ],
};

export const claudeAi: KnownMcpClient = {
  id: 'claude-ai',
  displayName: 'Claude Desktop / claude.ai connectors',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'required' },
  redirectUris: [
    { uri: 'https://claude.ai/api/mcp/auth_callback', platform: 'web', anyPort: false, sentAs: 'https://claude.ai/api/mcp/auth_callback' },
    { uri: 'https://claude.com/api/mcp/auth_callback', platform: 'web', anyPort: false, sentAs: 'https://claude.com/api/mcp/auth_callback' },
  ],
  clientIdVia: 'Settings → Connectors → Add custom connector → Advanced settings: "OAuth Client ID" and "OAuth Client Secret".',
  scopes: 'Discovered from the server; see unverified.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'unknown' },
  needsPublicServer: true,
  config: { format: 'none' },
  notes: [
    "Anthropic's cloud makes the calls, so it reaches a deployed server only, never the local stack.",
    'Its callback is an https Web-platform redirect, so Entra wants a client secret at the token endpoint: give the connector a secret of the "entra-mcp clients" registration.',
    'Claude Desktop ignores remote servers written into claude_desktop_config.json; add them as connectors, or use mcp-remote as a local bridge.',
  ],
  sources: [
    'https://support.anthropic.com/en/articles/11503834-building-custom-connectors-via-remote-mcp-servers',
    'https://github.com/anthropics/claude-code/issues/55993',
    'https://github.com/anthropics/claude-ai-mcp/issues/514',
    'https://docs.zuora.com/zuora-ai/zuora-mcp-server/zuora-mcp-server/configure-zuora-remote-mcp-server/redirect-uris-by-mcp-client',
  ],
  unverified: [
    {
      fact: 'The scope it requests',
      found:
        'anthropics/claude-ai-mcp#514 (2026-08) reports a request with a bare scope name (scope=mcp.read) next to resource, ignoring the fully qualified scopes_supported; Anthropic has not confirmed it.',
    },
    {
      fact: 'The claude.com callback',
      found: 'Listed by vendor guides (Zuora) and anthropics/claude-code#55993; the support article text that names the callback was cut off in the stored copy.',
    },
  ],
};
