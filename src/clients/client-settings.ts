import { DEFAULT_AUTHORITY_HOST, isHttpsOrLoopbackUrl } from '../../server/src/entra/index.ts';
import { ClientError } from './client-errors.ts';

type Source = Readonly<Record<string, string | undefined>>;

/** One setting's value and where it came from (`--server`, `.env`, `the environment`). */
export interface Setting {
  readonly value: string;
  readonly from: string;
}

/** Where the clients find the tenant, the app and the server; undefined where nothing set it. */
export interface ClientSettings {
  readonly tenantId: Setting | undefined;
  /** The app registration's client id (the API's audience). */
  readonly apiClientId: Setting | undefined;
  /** Set explicitly, or undefined: Entra's public cloud. */
  readonly authorityHost: Setting | undefined;
  /** The server's base URL (the MCP endpoint is `{base}/mcp`), or undefined. */
  readonly serverUrl: Setting | undefined;
  /** Only read where the registration is confidential. */
  readonly clientSecret: string | undefined;
  /** Lines for the person: deprecated names read. */
  readonly notes: readonly string[];
}

/** The flag that overrides each variable, to name it in messages. */
const FLAG_OF: Readonly<Record<string, string>> = { MCP_SERVER_URL: '--server', AZURE_TENANT_ID: '--tenant', AZURE_AUTHORITY_HOST: '--authority-host' };

/** The default server: `npm run dev`'s. */
export const DEFAULT_SERVER_URL = 'http://localhost:8000';

/**
 * Pure: the settings from `.env`, then the environment, then flags (flags win), each with
 * where it came from. The server's URL is MCP_SERVER_URL; SECURE_SERVER_URL, its old name,
 * is still read for one release, with a note. URLs are checked here, naming the setting.
 */
export function resolveClientSettings(dotenv: Source, env: Source, flags: Source): ClientSettings {
  const pick = (name: string): Setting | undefined => {
    for (const [source, from] of [[flags, FLAG_OF[name] ?? name], [env, `${name} in the environment`], [dotenv, `${name} in .env`]] as const) {
      const v = source[name]?.trim();
      if (v !== undefined && v !== '') return { value: v, from };
    }
    return undefined;
  };
  const notes: string[] = [];
  let server = pick('MCP_SERVER_URL');
  if (server === undefined) {
    server = pick('SECURE_SERVER_URL');
    if (server !== undefined) notes.push(`note: ${server.from} is the old name of MCP_SERVER_URL; rename it (SECURE_SERVER_URL is read until the next release)`);
  }
  const authority = pick('AZURE_AUTHORITY_HOST');
  if (authority !== undefined) checkUrl(authority, 'https://login.microsoftonline.us');
  if (server !== undefined) checkUrl(server, 'https://mcp.example.com');
  return {
    tenantId: pick('AZURE_TENANT_ID'),
    apiClientId: pick('AZURE_CLIENT_ID'),
    authorityHost: authority === undefined ? undefined : { ...authority, value: authority.value.replace(/\/+$/, '') },
    serverUrl: server === undefined ? undefined : { ...server, value: serverBase(server.value) },
    clientSecret: pick('AZURE_CLIENT_SECRET')?.value,
    notes,
  };
}

function checkUrl(setting: Setting, example: string): void {
  if (!isHttpsOrLoopbackUrl(setting.value)) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(setting.value);
    throw new ClientError('config', `${setting.from} is ${JSON.stringify(setting.value)}, which is not ${scheme ? 'https (plain http is accepted on a loopback host only)' : 'a URL with a scheme'}`, undefined, {
      advice: [`write the full URL, e.g. ${example}, or http://localhost:8000 for the local stack`],
    });
  }
}

/** The value of a required setting, or a `config` error naming it and how to get it. */
export function required(setting: Setting | undefined, name: string, flag?: string): string {
  if (setting !== undefined) return setting.value;
  throw new ClientError('config', `${name} is not set`, undefined, {
    advice: [`start the local stack with \`npm run dev\` (it writes .env), or register the app in Entra with \`npm run register-app\`, or set ${name} in .env or the environment${flag === undefined ? '' : `, or pass ${flag}`}`],
  });
}

/** The authority host to use: the setting, or Entra's public cloud. */
export function authorityHostOf(settings: ClientSettings): string {
  return settings.authorityHost?.value ?? DEFAULT_AUTHORITY_HOST;
}

/**
 * The server's base URL, the MCP endpoint being `{base}/mcp`. People paste the MCP URL
 * itself (it is what `mcp.json` holds), so a trailing `/mcp` is taken off rather than
 * turned into `/mcp/mcp`.
 */
export function serverBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/mcp$/, '');
}
