import { join } from 'node:path';
import { isGuid } from '../../server/src/entra/index.ts';
import { CommandError } from '../cli/command-error.ts';
import type { CommandIo } from '../cli/command-io.ts';
import { authorityHostOf, resolveClientSettings, type ClientSettings } from '../clients/client-settings.ts';
import { readEnvFile } from '../shared/env-file.ts';
import { isLocalAuthority } from '../shared/local-authority.ts';

/** The stack `connect` and `doctor` describe: the one `.env` names (local or deployed). */
export interface StackSettings {
  readonly client: ClientSettings;
  /** The server's base URL; the MCP endpoint is `${serverUrl}/mcp`. */
  readonly serverUrl: string;
  readonly mcpUrl: string;
  readonly tenantId: string | undefined;
  /** The API registration's client id (AZURE_CLIENT_ID). */
  readonly apiClientId: string | undefined;
  /** The public "entra-mcp clients" registration's client id (MCP_CLIENTS_CLIENT_ID). */
  readonly clientsClientId: string | undefined;
  readonly authorityHost: string;
  /** The local stack of `npm run dev` (an http loopback authority), or a deployed one. */
  readonly stack: 'local' | 'deployed';
  /** `.env` as read, for commands that need more of it (Graph settings). */
  readonly dotenv: Readonly<Record<string, string>>;
}

/** The flags both commands take to override `.env`. */
export const STACK_FLAGS = {
  server: { type: 'string', valueName: 'url', description: 'the MCP server (MCP_SERVER_URL; default from .env, else http://localhost:8000)' },
  'clients-client-id': { type: 'string', valueName: 'id', description: 'the "entra-mcp clients" registration (MCP_CLIENTS_CLIENT_ID)' },
  tenant: { type: 'string', valueName: 'id', description: 'overrides AZURE_TENANT_ID' },
  'authority-host': { type: 'string', valueName: 'url', description: 'overrides AZURE_AUTHORITY_HOST' },
} as const;

/** Default server when nothing names one: `npm run dev`'s. */
const LOCAL_SERVER_URL = 'http://localhost:8000';

/**
 * Reads `.env` (in `io.cwd`), the environment and the flags (flags win) into the stack's
 * settings, checking each value and naming the setting when it is wrong.
 */
export async function readStackSettings(
  io: CommandIo,
  flags: { server?: string; 'clients-client-id'?: string; tenant?: string; 'authority-host'?: string },
): Promise<StackSettings> {
  const dotenv = await readEnvFile(join(io.cwd, '.env'));
  const client = resolveClientSettings(dotenv, io.env, { MCP_SERVER_URL: flags.server, AZURE_TENANT_ID: flags.tenant, AZURE_AUTHORITY_HOST: flags['authority-host'] });
  const clientsClientId = flags['clients-client-id'] ?? nonEmpty(io.env.MCP_CLIENTS_CLIENT_ID) ?? nonEmpty(dotenv.MCP_CLIENTS_CLIENT_ID);
  if (clientsClientId !== undefined && !isGuid(clientsClientId)) {
    throw new CommandError('INVALID_SETTINGS', `MCP_CLIENTS_CLIENT_ID (or --clients-client-id) must be the "entra-mcp clients" registration's client id, a GUID: ${JSON.stringify(clientsClientId)}`, [
      'Copy it from `npm run register-app` output or the Pulumi stack outputs into .env.',
    ]);
  }
  const apiClientId = client.apiClientId?.value;
  if (apiClientId !== undefined && !isGuid(apiClientId)) {
    throw new CommandError('INVALID_SETTINGS', `${client.apiClientId?.from} must be the API registration's client id, a GUID: ${JSON.stringify(apiClientId)}`);
  }
  const authorityHost = authorityHostOf(client);
  const serverUrl = client.serverUrl?.value ?? LOCAL_SERVER_URL;
  return {
    client,
    serverUrl,
    mcpUrl: `${serverUrl}/mcp`,
    tenantId: client.tenantId?.value,
    apiClientId,
    clientsClientId,
    authorityHost,
    stack: isLocalAuthority(authorityHost) ? 'local' : 'deployed',
    dotenv,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
