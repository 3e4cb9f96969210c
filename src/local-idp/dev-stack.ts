import { resolve } from 'node:path';
import { loadConfig, startServer } from '../../server/src/index.ts';
import { readEnvFile, updateEnvFile } from '../shared/env-file.ts';
import { findDevUser, type DevUser } from './dev-directory.ts';
import { LOCAL_IDP_DEFAULT_PORT, LOCAL_TENANT_ID } from './local-defaults.ts';
import { startLocalIdp } from './start-local-idp.ts';

/** Options of {@link startDevStack}. */
export interface DevStackOptions {
  /** Identity provider port (default 8010). */
  readonly idpPort?: number;
  /** MCP server port (default 8000). */
  readonly serverPort?: number;
  /** Where `.env` lives; undefined leaves no file written. */
  readonly envFile?: string;
  readonly autoSignIn?: string;
  /** Told about errors the identity provider hit while answering (its 500s). */
  readonly onIdpError?: (error: Error) => void;
  /** Environment for the server's other settings (LOG_LEVEL, ...). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The running stack. */
export interface DevStack {
  readonly issuer: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly authorityHost: string;
  readonly serverUrl: string;
  readonly users: readonly DevUser[];
  readonly autoSignIn: DevUser | undefined;
  readonly envFile: { written: true; path: string } | { written: false; reason: string; exports: Record<string, string> };
  close(): Promise<void>;
}

/**
 * Pure: whether `npm run dev` may write its values into an existing `.env`: only when it
 * names no tenant yet, or the local one. A `.env` for a real tenant is left alone, so
 * running the local stack never breaks a configuration for Entra.
 */
export function envFileDecision(existing: Readonly<Record<string, string>>, envFileGiven: boolean): { write: boolean; reason: string } {
  if (!envFileGiven) return { write: false, reason: 'asked not to (--no-env-file)' };
  const tenant = existing.AZURE_TENANT_ID;
  if (tenant === undefined || tenant === '' || tenant.toLowerCase() === LOCAL_TENANT_ID) return { write: true, reason: '' };
  return { write: false, reason: `it names tenant ${tenant}, not the local one` };
}

/**
 * Starts the local identity provider, then the MCP server configured to trust it, and
 * records where they are in `.env` for `npm run token` and `npm run sign-in`.
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const idp = await startLocalIdp({
    port: options.idpPort ?? LOCAL_IDP_DEFAULT_PORT,
    ...(options.autoSignIn === undefined ? {} : { autoSignIn: options.autoSignIn }),
    ...(options.onIdpError === undefined ? {} : { onServerError: options.onIdpError }),
  });
  let server;
  try {
    const env = options.env ?? {};
    const config = loadConfig({
      ...env,
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      AZURE_TENANT_ID: idp.tenantId,
      AZURE_CLIENT_ID: idp.clientId,
      AZURE_AUTHORITY_HOST: idp.authorityHost,
      PORT: String(options.serverPort ?? 8000),
      HOST: '127.0.0.1',
      MCP_PUBLIC_URL: undefined,
    });
    server = await startServer(config);
  } catch (error) {
    await idp.close();
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      throw new Error(`port ${options.serverPort ?? 8000} on 127.0.0.1 is already in use: stop what uses it, or choose another port for the MCP server (--port or PORT)`, { cause: error });
    }
    throw error;
  }
  const serverUrl = server.publicUrl;
  const values = {
    AZURE_TENANT_ID: idp.tenantId,
    AZURE_CLIENT_ID: idp.clientId,
    AZURE_AUTHORITY_HOST: idp.authorityHost,
    SECURE_SERVER_URL: serverUrl,
  };
  let envFile: DevStack['envFile'];
  const path = options.envFile === undefined ? undefined : resolve(options.envFile);
  const decision = envFileDecision(path === undefined ? {} : await readEnvFile(path), path !== undefined);
  if (decision.write && path !== undefined) {
    await updateEnvFile(path, values);
    envFile = { written: true, path };
  } else {
    envFile = { written: false, reason: decision.reason, exports: values };
  }
  const autoSignIn = options.autoSignIn === undefined ? undefined : findDevUser(options.autoSignIn, idp.users);
  return {
    issuer: idp.issuer,
    tenantId: idp.tenantId,
    clientId: idp.clientId,
    authorityHost: idp.authorityHost,
    serverUrl,
    users: idp.users,
    autoSignIn,
    envFile,
    close: async () => {
      await server.close();
      await idp.close();
    },
  };
}
