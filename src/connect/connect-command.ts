import { CommandError, EXIT, type CommandContext, type CommandSpec, type ExitStatus, type FlagSpecs } from '../cli/index.ts';
import { protectedResourceMetadataUrls } from '../clients/discover-protected-resource.ts';
import { getJson, timedFetch } from '../clients/timed-fetch.ts';
import { appRegistration } from '../registration/app-registration.ts';
import { findKnownClient, knownClientIds } from '../registration/known-mcp-clients.ts';
import type { ConnectInput } from './client-setup.ts';
import { listText, renderAll, renderers, setupText } from './render-client-setup.ts';
import { scopeForClients } from './sign-in-path.ts';
import { readStackSettings, STACK_FLAGS } from './stack-settings.ts';
import { writeClientConfig } from './write-client-config.ts';

/** Claude Code's callback port unless `--callback-port` says otherwise (any free port works: Entra ignores loopback ports). */
export const DEFAULT_CALLBACK_PORT = 33420;

/** `npm run connect`'s command line. */
export const connectSpec = {
  name: 'npm run connect',
  summary: 'Prints what an MCP client needs to sign in to this server (and, with --write, adds it to the project config).',
  details: `Reads MCP_SERVER_URL, AZURE_CLIENT_ID and MCP_CLIENTS_CLIENT_ID from ./.env, then the environment,
then flags. The scope is read from the server's protected resource metadata when the server answers.
Clients: ${knownClientIds().join(', ')}.`,
  json: true,
  positionals: ['client'],
  flags: {
    ...STACK_FLAGS,
    list: { type: 'boolean', description: 'every client, with whether it signs in directly, through proxy mode, or not yet' },
    write: { type: 'boolean', description: "merge the entry into the client's project-level config file (JSON files only)" },
    name: { type: 'string', valueName: 'name', description: 'the name the server is listed under (default entra-mcp)' },
    'callback-port': { type: 'string', valueName: 'port', description: `loopback callback port for clients that take one (default ${DEFAULT_CALLBACK_PORT})` },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** The body of `npm run connect`. */
export async function connectCommand({ values, positionals, io, json, progress }: CommandContext<typeof connectSpec.flags>): Promise<ExitStatus> {
  const settings = await readStackSettings(io, values);
  settings.client.notes.forEach((n) => io.stderr(`${n}\n`));
  const scopesSupported = await readScopesSupported(settings.mcpUrl, io.fetch, (line) => io.stderr(`${line}\n`));
  const input: ConnectInput = {
    serverName: checkedName(values.name ?? 'entra-mcp'),
    mcpUrl: settings.mcpUrl,
    scope: scopeForClients(scopesSupported, settings.mcpUrl, settings.apiClientId, appRegistration.scope.value),
    clientsClientId: settings.clientsClientId,
    stack: settings.stack,
    callbackPort: checkedPort(values['callback-port']),
  };
  if (values.list === true) {
    const all = renderAll(input);
    io.stdout(json ? `${JSON.stringify(all.map(({ client, displayName, path, why }) => ({ client, displayName, path, why })), null, 2)}\n` : listText(all));
    return EXIT.ok;
  }
  const id = positionals[0];
  const client = id === undefined ? undefined : findKnownClient(id);
  if (client === undefined) {
    throw new CommandError('USAGE', id === undefined ? 'name a client, or pass --list' : `unknown client ${JSON.stringify(id)}`, [`Clients: ${knownClientIds().join(', ')}.`]);
  }
  const setup = renderers[client.id](input);
  let written: { path: string; outcome: string } | undefined;
  if (values.write === true) {
    written = await writeClientConfig(setup, io.cwd);
    progress(`${written.path}: entry "${input.serverName}" ${written.outcome}`);
  }
  io.stdout(json ? `${JSON.stringify({ ...setup, ...(written === undefined ? {} : { written }) }, null, 2)}\n` : setupText(setup));
  return EXIT.ok;
}

/**
 * The metadata's `scopes_supported`, or undefined with a note when the server does not
 * answer (connect still prints, with the `api://` scope).
 */
async function readScopesSupported(mcpUrl: string, fetchImpl: typeof fetch | undefined, note: (line: string) => void): Promise<readonly string[] | undefined> {
  const [first] = protectedResourceMetadataUrls(mcpUrl);
  try {
    const metadata = await getJson(timedFetch(fetchImpl ?? fetch, 5_000), first!.url);
    return Array.isArray(metadata.scopes_supported) ? metadata.scopes_supported.filter((s): s is string => typeof s === 'string') : undefined;
  } catch (error) {
    note(`note: could not read ${first!.url} (${(error as Error).message}); using the api:// form of the scope`);
    return undefined;
  }
}

function checkedName(name: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CommandError('USAGE', `--name may hold letters, digits, ".", "_" and "-" only: ${JSON.stringify(name)}`);
  return name;
}

function checkedPort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CALLBACK_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new CommandError('USAGE', `--callback-port must be a whole number from 1024 to 65535: ${JSON.stringify(value)}`);
  return port;
}
