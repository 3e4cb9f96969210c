import { CODEX_CALLBACK_ID_PLACEHOLDER } from './codex-callback-id.ts';
import type { KnownMcpClient } from './types.ts';

/** Coding-agent command lines (Codex, Goose, Gemini CLI). Researched December 2026. */

const RUST_SDK_AUTH =
  'https://github.com/modelcontextprotocol/rust-sdk/blob/4a738b9dd99eaca418b614afa433a0cbdaf8d056/crates/rmcp/src/transport/auth.rs';

export const codex: KnownMcpClient = {
  id: 'codex',
  displayName: 'Codex (CLI, IDE extension, desktop app)',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: `http://127.0.0.1/callback/${CODEX_CALLBACK_ID_PLACEHOLDER}`,
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://127.0.0.1:<ephemeral port>/callback/<12-character id derived from the MCP server URL>',
      override: 'Top-level mcp_oauth_callback_port (port) and mcp_oauth_callback_url (base URL; the id is still appended).',
      perServer: 'codex-callback-id',
    },
  ],
  clientIdVia: 'codex mcp add <name> --url <url> --oauth-client-id <id>, or client_id under [mcp_servers.<name>.oauth] in config.toml.',
  scopes: 'scopes = [...] on the server entry (or --scopes); otherwise the protected resource metadata\'s scopes_supported.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'yes' },
  needsPublicServer: false,
  config: {
    format: 'toml',
    projectFile: '.codex/config.toml (trusted projects only)',
    userFile: '~/.codex/config.toml',
    serversKey: 'mcp_servers',
    addCommand: 'codex mcp add <name> --url <url> --oauth-client-id <id>',
  },
  notes: [
    "The rmcp library adds resource = the metadata's resource (or the server URL) to every authorize request; oauth_resource / --oauth-resource only appends a value, so it cannot be switched off.",
    'The callback path differs per server URL, so each MCP URL needs its own redirect URI on the registration.',
  ],
  sources: [
    'https://github.com/openai/codex/blob/18b3cfcb60746d54e5d90bb105d363d7ace1d254/codex-rs/rmcp-client/src/perform_oauth_login.rs',
    'https://github.com/openai/codex/pull/20237',
    'https://github.com/openai/codex/pull/22575',
    'https://github.com/openai/codex/pull/14419',
    RUST_SDK_AUTH,
    'https://developers.openai.com/codex/mcp',
  ],
  unverified: [
    {
      fact: 'The callback path in the newest builds',
      found:
        'A third-party integration guide (2026-10) says new predefined clients can keep a stable /callback when the authorization server returns the RFC 9207 iss parameter; the stored source always appends the id. Entra does not advertise authorization_response_iss_parameter_supported as far as found.',
    },
    { fact: 'The rmcp version Codex pins', found: 'The resource behaviour was read in rust-sdk at 2026-08-20, not in the rmcp version in Codex\'s Cargo.lock.' },
  ],
};

export const goose: KnownMcpClient = {
  id: 'goose',
  displayName: 'Goose',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: 'http://127.0.0.1/oauth_callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://127.0.0.1:<ephemeral port>/oauth_callback',
      override: 'GOOSE_OAUTH_CALLBACK_PORT fixes the port.',
    },
  ],
  clientIdVia: 'The extension entry\'s client_id (client_secret_key names a stored secret, for confidential clients only).',
  scopes: 'The extension entry\'s scopes; otherwise selected from the server\'s metadata.',
  sendsResource: 'always',
  registration: { dcr: 'unknown', cimd: 'yes' },
  needsPublicServer: false,
  config: { format: 'yaml', userFile: '~/.config/goose/config.yaml', serversKey: 'extensions' },
  notes: [
    'Without a client_id it offers its Client ID Metadata Document (https://goose-docs.ai/oauth/client-metadata.json), which Entra accepts only in tenants with the preview.',
  ],
  sources: [
    'https://github.com/block/goose/blob/06423fd5f56dd53e51ef0c3550fd932cc15e50dd/crates/goose/src/oauth/mod.rs',
    RUST_SDK_AUTH,
    'https://www.mintlify.com/block/goose/api/extensions/overview',
  ],
  unverified: [
    {
      fact: 'The YAML nesting of client_id / client_secret_key / scopes',
      found:
        'The field names come from the extension manager source (crates/goose/src/agents/extension_manager.rs, seen as excerpts); the config path and the extensions key from a copy of the Goose docs (mintlify), whose example predates OAuth fields.',
    },
    { fact: 'DCR fallback', found: 'rmcp can register dynamically, but whether Goose falls back to it when CIMD is refused was not traced.' },
  ],
};

export const geminiCli: KnownMcpClient = {
  id: 'gemini-cli',
  displayName: 'Gemini CLI',
  signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
  redirectUris: [
    {
      uri: 'http://localhost/oauth/callback',
      platform: 'publicClient',
      anyPort: true,
      sentAs: 'http://localhost:<ephemeral port>/oauth/callback',
      override: '"oauth.redirectUri" replaces the whole URI.',
    },
  ],
  clientIdVia: '"oauth": { "enabled": true, "clientId": … } on the server entry in settings.json.',
  scopes:
    '"oauth.scopes" — set it: without it Gemini CLI asks for the authorization server\'s scopes_supported, which for Entra are only OIDC scopes, and the token is not for this API.',
  sendsResource: 'always',
  registration: { dcr: 'yes', cimd: 'no' },
  needsPublicServer: false,
  config: { format: 'json', projectFile: '.gemini/settings.json', userFile: '~/.gemini/settings.json', serversKey: 'mcpServers' },
  notes: [
    'resource is the configured server URL (scheme, host, path): configure exactly the metadata\'s resource.',
    'Streamable HTTP servers go in "httpUrl" ("url" means SSE).',
  ],
  sources: [
    'https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/docs/tools/mcp-server.md',
    'https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/mcp/oauth-provider.ts',
    'https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/mcp/oauth-utils.ts',
    'https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/utils/oauth-flow.ts',
    'https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/docs/reference/configuration.md',
  ],
  unverified: [],
};
