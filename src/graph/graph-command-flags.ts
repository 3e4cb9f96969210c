import type { FlagSpecs } from '../cli/define-command.ts';
import { GraphScriptError } from './graph-script-error.ts';
import { DEFAULT_SETTINGS } from './script-settings.ts';

/** The flags register-app and rotate-secret share, each once. */
export const GRAPH_COMMAND_FLAGS = {
  tenant: { type: 'string', valueName: 'id', description: 'tenant GUID or domain (AZURE_TENANT_ID)' },
  'client-id': { type: 'string', valueName: 'id', description: 'the registration (AZURE_CLIENT_ID); else found by display name' },
  'graph-url': { type: 'string', valueName: 'url', description: `Graph base URL (MICROSOFT_GRAPH_URL, default ${DEFAULT_SETTINGS.graphUrl})` },
  'authority-host': { type: 'string', valueName: 'url', description: `Entra authority (AZURE_AUTHORITY_HOST, default ${DEFAULT_SETTINGS.authorityHost})` },
  'allow-graph-host': { type: 'string', multiple: true, valueName: 'host', description: "let MICROSOFT_GRAPH_URL name this host although it is not one of Microsoft Graph's: your Graph token goes there" },
  'allow-authority-host': { type: 'string', multiple: true, valueName: 'host', description: "let AZURE_AUTHORITY_HOST name this host although it is not one of Entra's: a client secret goes there" },
  auth: { type: 'string', valueName: 'kind', description: 'azure-cli (default) or default (DefaultAzureCredential); MICROSOFT_GRAPH_TOKEN wins' },
  dotenv: { type: 'string', valueName: 'path', description: 'the .env file to read and write (default ./.env)' },
} as const satisfies FlagSpecs;

/** A flag that must be a whole number ≥ `min`; `INVALID_SETTINGS` (exit 2) naming it otherwise. */
export function positiveInt(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new GraphScriptError({ code: 'INVALID_SETTINGS', message: `${name} must be a whole number ≥ ${min}: ${JSON.stringify(value)}` });
  return n;
}
