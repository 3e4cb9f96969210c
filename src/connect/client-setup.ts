import type { KnownMcpClientId } from '../registration/known-mcp-clients.ts';

/** How a client reaches this server: straight to Entra, through proxy mode, or not yet. */
export type SignInPath = 'direct' | 'proxy' | 'not-yet';

/** What every renderer is given: the stack, as plain data. */
export interface ConnectInput {
  /** The name the server is listed under in the client's config (`entra-mcp`). */
  readonly serverName: string;
  /** The MCP endpoint, exactly the protected resource metadata's `resource`. */
  readonly mcpUrl: string;
  /** The scope the client asks for (see `scopeForClients`). */
  readonly scope: string;
  /** The "entra-mcp clients" registration's client id, when known. */
  readonly clientsClientId: string | undefined;
  readonly stack: 'local' | 'deployed';
  /** Loopback callback port for clients that take one (Claude Code). */
  readonly callbackPort: number;
}

/** A server entry to merge into a JSON config file under `serversKey`. */
export interface JsonConfigEntry {
  /** Where the file is: relative to the project root when `project`, else as the client documents it. */
  readonly location: string;
  readonly project: boolean;
  readonly serversKey: string;
  readonly name: string;
  readonly entry: Readonly<Record<string, unknown>>;
}

/** Everything one client needs, rendered. */
export interface ClientSetup {
  readonly client: KnownMcpClientId;
  readonly displayName: string;
  readonly path: SignInPath;
  /** Why the path is `proxy` or `not-yet`. */
  readonly why?: string;
  /** A shell command that adds the server, when the client has one. */
  readonly command?: string;
  /** The JSON entry `--write` merges (JSON files only). */
  readonly jsonFile?: JsonConfigEntry;
  /** Text to paste where there is no JSON file to merge: TOML, YAML, settings screens. */
  readonly snippet?: { readonly location: string; readonly text: string };
  /** What to do, in order, for a person. */
  readonly steps: readonly string[];
}
