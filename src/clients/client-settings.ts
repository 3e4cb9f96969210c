import { ClientError } from './client-errors.ts';

/** Where the clients find the tenant, the app and the server. */
export interface ClientSettings {
  readonly tenantId: string;
  /** The app registration's client id (the API's audience). */
  readonly apiClientId: string;
  readonly authorityHost: string;
  readonly serverUrl: string;
  /** Only read where the registration is confidential. */
  readonly clientSecret: string | undefined;
}

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const DEFAULT_SERVER_URL = 'http://localhost:8000';

type Source = Readonly<Record<string, string | undefined>>;

/**
 * Pure: the settings from `.env`, then the environment, then flags (flags win), as
 * DESIGN.md orders the scripts' configuration. Throws ClientError `config` naming what
 * is missing and how to get it.
 */
export function resolveClientSettings(dotenv: Source, env: Source, flags: Source): ClientSettings {
  const pick = (name: string): string | undefined => {
    for (const source of [flags, env, dotenv]) {
      const v = source[name]?.trim();
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };
  const tenantId = pick('AZURE_TENANT_ID');
  const apiClientId = pick('AZURE_CLIENT_ID');
  for (const [name, v] of [['AZURE_TENANT_ID', tenantId], ['AZURE_CLIENT_ID', apiClientId]] as const) {
    if (v === undefined) {
      throw new ClientError('config', `${name} is not set: start the local stack with \`npm run dev\` (it writes .env), or register the app in Entra with \`npm run register-app\`, or set it in .env or the environment`);
    }
  }
  return {
    tenantId: tenantId!,
    apiClientId: apiClientId!,
    authorityHost: (pick('AZURE_AUTHORITY_HOST') ?? DEFAULT_AUTHORITY_HOST).replace(/\/+$/, ''),
    serverUrl: serverBase(pick('SECURE_SERVER_URL') ?? DEFAULT_SERVER_URL),
    clientSecret: pick('AZURE_CLIENT_SECRET'),
  };
}

/**
 * The server's base URL, the MCP endpoint being `{base}/mcp`. People paste the MCP URL
 * itself (it is what `mcp.json` holds), so a trailing `/mcp` is taken off rather than
 * turned into `/mcp/mcp`.
 */
export function serverBase(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/mcp$/, '');
}
