/**
 * The shape of one row of the known-MCP-clients table: how a client signs in to Entra and
 * what it needs on the registration. Every value is a researched fact with its source; a
 * fact that could not be confirmed in the client's own repository or docs is listed in
 * `unverified` with what was found instead, so tools can say "unverified" rather than guess.
 */

/** The clients in the table. Stable ids: `npm run connect -- <id>` and `doctor` use them. */
export type KnownMcpClientId =
  | 'vscode'
  | 'github-copilot-cli'
  | 'claude-code'
  | 'claude-ai'
  | 'cursor'
  | 'codex'
  | 'goose'
  | 'gemini-cli'
  | 'mcp-inspector'
  | 'mcp-remote'
  | 'mcporter';

/**
 * How the client gets a token from Entra for this server.
 * - `first-party-preauthorized`: it signs in with its vendor's own Entra application
 *   (`clientId`); the API's registration must pre-authorize that id, since such a client
 *   shows no consent prompt a user could answer. Its redirect URIs live on the vendor's app.
 * - `entra-mcp-clients-registration`: it takes a client id by configuration and is given
 *   the project's public "entra-mcp clients" registration, which carries its redirect URIs.
 *   `clientSecret: 'required'` when its redirect is a Web-platform https callback: Entra
 *   then demands a secret at the token endpoint (AADSTS7000218).
 * - `proxy-only`: it can only register itself (DCR or a Client ID Metadata Document), which
 *   Entra does not offer in general, so it needs the project's proxy mode.
 */
export type SignIn =
  | { readonly kind: 'first-party-preauthorized'; readonly clientId: string; readonly appName: string }
  | { readonly kind: 'entra-mcp-clients-registration'; readonly clientSecret: 'none' | 'required' }
  | { readonly kind: 'proxy-only'; readonly why: string };

/**
 * Graph's names for the two platforms used here: `publicClient` ("Mobile and desktop
 * applications": loopback and private-use schemes, no secret) and `web` (https callbacks
 * of server-side clients, secret required).
 */
export type ClientRedirectPlatform = 'publicClient' | 'web';

/** One redirect URI the client sends, in the form to register on Entra. */
export interface ClientRedirectUri {
  /**
   * The URI to register. Loopback URIs carry no port: Entra ignores the port of loopback
   * redirect URIs (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions).
   * `{codexCallbackId}` stands for a per-server path segment (see `perServer`).
   */
  readonly uri: string;
  readonly platform: ClientRedirectPlatform;
  /** True for loopback URIs: the client may pick any port at run time and Entra still matches. */
  readonly anyPort: boolean;
  /** What the client actually sends, with its default port, for people reading logs. */
  readonly sentAs: string;
  /** How the port or the whole URI is set, when the client lets you. */
  readonly override?: string;
  /** The URI depends on the MCP server URL; `knownClientRedirectUrisFor` expands it. */
  readonly perServer?: 'codex-callback-id';
}

/** Whether the client sends the RFC 8707 `resource` parameter. */
export type SendsResource = 'always' | 'optional' | 'never' | 'unknown';

/** Yes, no, or not established from the client's own sources. */
export type Support = 'yes' | 'no' | 'unknown';

/** Where the client keeps its MCP server list, for `npm run connect` to print or merge. */
export interface ClientConfig {
  readonly format: 'json' | 'toml' | 'yaml' | 'none';
  /** The project-level file, relative to the project root, where that is the convention. */
  readonly projectFile?: string;
  /** The user-level file. */
  readonly userFile?: string;
  /** The key under which servers are listed, e.g. `servers` or `mcpServers`. */
  readonly serversKey?: string;
  /** A command that adds the server for you, when the client has one. */
  readonly addCommand?: string;
}

/** A fact the sources did not settle, and what was found instead. */
export interface UnverifiedFact {
  readonly fact: string;
  readonly found: string;
}

/** One MCP client, as data. */
export interface KnownMcpClient {
  readonly id: KnownMcpClientId;
  readonly displayName: string;
  readonly signIn: SignIn;
  /** Redirect URIs the "entra-mcp clients" registration must carry for it (none for first-party clients). */
  readonly redirectUris: readonly ClientRedirectUri[];
  /** How the client is told the client id (flag, config key, settings screen). */
  readonly clientIdVia: string;
  /** What it puts in `scope` by default, and how to set it. */
  readonly scopes: string;
  readonly sendsResource: SendsResource;
  /** How to stop it sending `resource`, where it can. */
  readonly resourceOptOut?: string;
  /** Dynamic client registration (RFC 7591) and Client ID Metadata Documents. */
  readonly registration: { readonly dcr: Support; readonly cimd: Support };
  /** It reaches the server from its vendor's cloud, so only a publicly reachable server works. */
  readonly needsPublicServer: boolean;
  readonly config: ClientConfig;
  /** Anything else a user must know to get it working with Entra. */
  readonly notes: readonly string[];
  /** Where each fact comes from: repository + path (as a GitHub URL) or a documentation URL. */
  readonly sources: readonly string[];
  readonly unverified: readonly UnverifiedFact[];
}
