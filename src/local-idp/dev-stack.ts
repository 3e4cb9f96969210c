import { resolve } from 'node:path';
import { loadConfig, startServer } from '../../server/src/index.ts';
import { appRegistration, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { readEnvFile } from '../shared/env-file.ts';
import { findDevUser, type DevUser } from './dev-directory.ts';
import { restoreDevEnv, writeDevEnv, type DevEnvWrite } from './dev-env-file.ts';
import { LOCAL_IDP_DEFAULT_PORT, LOCAL_TENANT_ID } from './local-defaults.ts';
import type { SigningKey } from './signing-key.ts';
import { proxyModeUpstream, type ProxyCredential } from './dev-proxy-upstream.ts';
import { startLocalIdp, type RunningLocalIdp } from './start-local-idp.ts';

export type { ProxyCredential } from './dev-proxy-upstream.ts';

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
  /** The one description of the app registration (tests pass a changed one). */
  readonly registration?: AppRegistrationDescription;
  /** The provider's signing key (`npm run dev` keeps one across restarts); new by default. */
  readonly signingKey?: SigningKey;
  /** `proxy`: the server is its clients' authorization server, the provider its confidential upstream (issue 9). */
  readonly authMode?: 'direct' | 'proxy';
  /**
   * Proxy mode: Client ID Metadata Documents may be fetched from loopback https hosts whose
   * certificate this CA signed (tests serve one). In code only: no variable turns it on.
   */
  readonly loopbackMetadataDocuments?: { readonly ca: string };
  /** Proxy mode's credential at the provider: a managed identity its federated credential trusts (default), or a client secret. */
  readonly proxyCredential?: ProxyCredential;
}

/** The running stack. */
export interface DevStack {
  readonly issuer: string;
  readonly tenantId: string;
  readonly clientId: string;
  /** The "entra-mcp clients" registration's client id (MCP_CLIENTS_CLIENT_ID). */
  readonly clientsClientId: string;
  readonly authorityHost: string;
  readonly serverUrl: string;
  readonly users: readonly DevUser[];
  readonly autoSignIn: DevUser | undefined;
  readonly authMode: 'direct' | 'proxy';
  /** In proxy mode, what the server redeems the provider's codes with. */
  readonly proxyCredential: ProxyCredential | undefined;
  readonly envFile: { written: true; path: string } | { written: false; reason: string; exports: Record<string, string> };
  /** Stops both; resolves to a line on what happened to `.env` (restored or left), if it was written. */
  close(): Promise<string | undefined>;
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
 * Pure: the server's environment under `npm run dev`: the caller's settings, then the
 * local provider's tenant, app and authority, and the required scope from the one
 * description of the registration (the server's own default is only a default), so a
 * renamed scope is the one the provider issues and the server demands.
 */
export function devServerEnv(
  env: Readonly<Record<string, string | undefined>>,
  idp: Pick<RunningLocalIdp, 'tenantId' | 'clientId' | 'authorityHost'>,
  serverPort: number,
  registration: AppRegistrationDescription,
): Record<string, string | undefined> {
  return {
    ...env,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    AZURE_TENANT_ID: idp.tenantId,
    AZURE_CLIENT_ID: idp.clientId,
    AZURE_AUTHORITY_HOST: idp.authorityHost,
    REQUIRED_SCOPE: registration.scope.value,
    PORT: String(serverPort),
    HOST: '127.0.0.1',
    // The server's default, `http://localhost:PORT`; startDevStack has it answer as 127.0.0.1 and [::1] too.
    MCP_PUBLIC_URL: undefined,
    // The local tenant takes the MCP URL as an identifier URI (startDevStack adds it), so scopes are named under it.
    MCP_RESOURCE_IS_IDENTIFIER_URI: 'true',
  };
}

/**
 * Pure: the `.env` lines for the clients. `MCP_SERVER_URL` names the MCP server;
 * `SECURE_SERVER_URL`, its old name, is written too for one release.
 */
export function devEnvValues(idp: Pick<RunningLocalIdp, 'tenantId' | 'clientId' | 'authorityHost'> & { clientsClientId?: string }, serverUrl: string): Record<string, string> {
  const clients: Record<string, string> = idp.clientsClientId === undefined ? {} : { MCP_CLIENTS_CLIENT_ID: idp.clientsClientId };
  return { AZURE_TENANT_ID: idp.tenantId, AZURE_CLIENT_ID: idp.clientId, ...clients, AZURE_AUTHORITY_HOST: idp.authorityHost, MCP_SERVER_URL: serverUrl, SECURE_SERVER_URL: serverUrl };
}

/**
 * Starts the local identity provider, then the MCP server configured to trust it, and
 * records where they are in `.env` for `npm run token` and `npm run sign-in`; closing
 * puts back what `.env` held before, unless someone changed it since.
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const registration = options.registration ?? appRegistration;
  const proxy = options.authMode === 'proxy' ? proxyModeUpstream(options.proxyCredential) : undefined;
  const idp = await startLocalIdp({
    ...(proxy?.idp ?? {}),
    port: options.idpPort ?? LOCAL_IDP_DEFAULT_PORT,
    registration,
    ...(options.signingKey === undefined ? {} : { signingKey: options.signingKey }),
    ...(options.autoSignIn === undefined ? {} : { autoSignIn: options.autoSignIn }),
    ...(options.onIdpError === undefined ? {} : { onServerError: options.onIdpError }),
  });
  let server;
  try {
    // Listening on 127.0.0.1 and advertised as localhost: answer under both names (RFC 9728 §3.3).
    const env = devServerEnv(options.env ?? {}, idp, options.serverPort ?? 8000, registration);
    server = await startServer(loadConfig({ ...env, ...(proxy?.serverEnv(idp) ?? { MCP_AUTH_MODE: undefined }) }), { everyLoopbackName: true, ...(options.loopbackMetadataDocuments === undefined ? {} : { loopbackMetadataDocuments: options.loopbackMetadataDocuments }) });
  } catch (error) {
    await idp.close();
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
      throw new Error(`port ${options.serverPort ?? 8000} on 127.0.0.1 is already in use: stop what uses it, or choose another port for the MCP server (--port or PORT)`, { cause: error });
    }
    throw error;
  }
  const serverUrl = server.publicUrl;
  // Under every loopback name the server answers as, the resource is an identifier URI of the local API.
  for (const name of ['localhost', '127.0.0.1', '[::1]']) idp.addMcpResource(`http://${name}:${server.port}/mcp`);
  const values = devEnvValues(idp, serverUrl);
  let envFile: DevStack['envFile'];
  let written: DevEnvWrite | undefined;
  const path = options.envFile === undefined ? undefined : resolve(options.envFile);
  const decision = envFileDecision(path === undefined ? {} : await readEnvFile(path), path !== undefined);
  if (decision.write && path !== undefined) {
    written = await writeDevEnv(path, values);
    envFile = { written: true, path };
  } else {
    envFile = { written: false, reason: decision.reason, exports: values };
  }
  const autoSignIn = options.autoSignIn === undefined ? undefined : findDevUser(options.autoSignIn, idp.users);
  return {
    issuer: idp.issuer,
    tenantId: idp.tenantId,
    clientId: idp.clientId,
    clientsClientId: idp.clientsClientId,
    authorityHost: idp.authorityHost,
    serverUrl,
    users: idp.users,
    autoSignIn,
    authMode: proxy === undefined ? 'direct' : 'proxy',
    proxyCredential: proxy === undefined ? undefined : (options.proxyCredential ?? 'managedIdentity'),
    envFile,
    close: async () => {
      await server.close();
      await idp.close();
      return written === undefined ? undefined : restoreDevEnv(written);
    },
  };
}
