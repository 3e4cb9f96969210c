import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { appRegistration, identifierUris, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { approveDeviceCode } from './approve-device-code.ts';
import { ConsentStore } from './consent-store.ts';
import { DEV_USERS, findDevUser, type DevUser } from './dev-directory.ts';
import { entraDiscoveryDocument } from './discovery-document.ts';
import { createEntraFront } from './entra-front.ts';
import { entraIdTokenReshaper } from './reshape-id-token.ts';
import { entraResponseShaping, withoutIssParameter } from './entra-response-shaping.ts';
import { apiResourceIndicator, type ApiResource } from './entra-scopes.ts';
import { createInteractionHandler } from './interaction-routes.ts';
import { deviceLoginNeedsSession } from './device-login-session.ts';
import { createMemoryStore } from './memory-adapter.ts';
import { LOCAL_API_CLIENT_ID, LOCAL_MCP_CLIENTS_CLIENT_ID, LOCAL_TENANT_ID } from './local-defaults.ts';
import { localClients, type LocalClient, type LocalRedirectUri } from './local-clients.ts';
import { clientsRedirectUris } from '../registration/clients-shape.ts';
import { providerConfiguration } from './provider-configuration.ts';
import { matchRedirectUri } from './redirect-match.ts';
import { entraJwks, generateSigningKey, type SigningKey } from './signing-key.ts';
import { entraV2Issuer } from '../../server/src/entra/index.ts';
import { listen } from './listen-on-loopback.ts';
import { localWorkloadIdentity, type LocalIdentityEndpoint, type WorkloadIdentityOptions } from './local-workload-identity.ts';

/** Options of {@link startLocalIdp}; every one has a default. */
export interface LocalIdpOptions extends WorkloadIdentityOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  readonly tenantId?: string;
  /** The app registration's client id in the local tenant. */
  readonly clientId?: string;
  /** The app's client secret, for confidential requests; none by default (the app is a public client). */
  readonly clientSecret?: string;
  /** The "entra-mcp clients" registration's client id; a fixed local one by default. */
  readonly clientsClientId?: string;
  /** MCP resources (`${MCP_PUBLIC_URL}/mcp`) that are identifier URIs of the API from the start (see `addMcpResource`). */
  readonly mcpResources?: readonly string[];
  /** Extra redirect URIs for the app (e.g. a `web` one, to see AADSTS7000218). */
  readonly extraRedirectUris?: readonly LocalRedirectUri[];
  readonly users?: readonly DevUser[];
  /** Automation: sign in as this user (oid, username or its part before `@`) wherever a page would show. */
  readonly autoSignIn?: string;
  readonly registration?: AppRegistrationDescription;
  /** Called with errors oidc-provider hit while answering (500s). */
  readonly onServerError?: (error: Error) => void;
  /** The signing key; a new one by default (`npm run dev` keeps one across restarts: persisted-signing-key.ts). */
  readonly signingKey?: SigningKey;
  /** Bound of the store of codes, sessions and grants (memory-adapter.ts); new flows get 429 beyond it. */
  readonly maxStoredEntries?: number;
  /** User-code entries allowed per client address on `/devicelogin` (default 10 a minute). */
  readonly deviceLoginAttempts?: { readonly max: number; readonly windowMs: number };
}

/** A running local identity provider. */
export interface RunningLocalIdp {
  /** `http://127.0.0.1:{port}`: the value for `AZURE_AUTHORITY_HOST`. */
  readonly authorityHost: string;
  readonly port: number;
  readonly tenantId: string;
  readonly clientId: string;
  /** The "entra-mcp clients" registration's client id. */
  readonly clientsClientId: string;
  /** The API's identifier URIs now. */
  identifierUris(): readonly string[];
  /**
   * Adds an MCP resource as an identifier URI of the API (as an admin does in Entra) and
   * the redirect URIs that depend on it (Codex's): from then on a client sending it as
   * `resource` gets a token; before, AADSTS9010010.
   */
  addMcpResource(resource: string): void;
  /** `http://127.0.0.1:{port}/{tenant}/v2.0` */
  readonly issuer: string;
  readonly discoveryUrl: string;
  readonly users: readonly DevUser[];
  /** The managed identity endpoint (`IDENTITY_ENDPOINT`, `IDENTITY_HEADER`) for `managedIdentities`. */
  readonly managedIdentityEndpoint: LocalIdentityEndpoint;
  close(): Promise<void>;
}

/**
 * Starts the local Entra-compatible identity provider on loopback: oidc-provider behind
 * Entra's URL layout, tokens, errors and pages, with the app and its clients read from
 * the one description of the app registration.
 *
 * @example
 * ```ts
 * const idp = await startLocalIdp({ port: 0 });
 * console.log(idp.issuer); // http://127.0.0.1:41234/f0c4a7e2-.../v2.0
 * await idp.close();
 * ```
 */
export async function startLocalIdp(options: LocalIdpOptions = {}): Promise<RunningLocalIdp> {
  const tenantId = (options.tenantId ?? LOCAL_TENANT_ID).toLowerCase();
  const clientId = (options.clientId ?? LOCAL_API_CLIENT_ID).toLowerCase();
  const registration = options.registration ?? appRegistration;
  const users = options.users ?? DEV_USERS;
  const autoSignIn = options.autoSignIn === undefined ? undefined : findDevUser(options.autoSignIn, users);
  if (options.autoSignIn !== undefined && autoSignIn === undefined) {
    throw new Error(`--auto-sign-in: no local user ${JSON.stringify(options.autoSignIn)}; pick one of ${users.map((u) => u.preferredUsername).join(', ')}`);
  }

  let handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  const address = await listen(server, options.port ?? 0);
  const authorityHost = `http://127.0.0.1:${address.port}`;
  const issuer = entraV2Issuer(authorityHost, tenantId);

  const uris: string[] = identifierUris(clientId);
  const api: ApiResource = { clientId, scopeValue: registration.scope.value, tenantId, identifierUris: uris };
  const clientsClientId = (options.clientsClientId ?? LOCAL_MCP_CLIENTS_CLIENT_ID).toLowerCase();
  const clients = localClients(clientId, registration, options.extraRedirectUris, { clientId: clientsClientId, mcpServerUrls: [] });
  const mcpClients = clients.find((c) => c.clientId === clientsClientId) as LocalClient;
  const addMcpResource = (resource: string): void => {
    if (!uris.includes(resource)) uris.push(resource);
    // The running tenant's list, changed in place as Entra's is by an update.
    const redirects = mcpClients.redirectUris as LocalRedirectUri[];
    for (const uri of clientsRedirectUris([resource])) if (!redirects.some((r) => r.uri === uri)) redirects.push({ uri, platform: 'publicClient' });
  };
  for (const resource of options.mcpResources ?? []) addMcpResource(resource);
  const consents = new ConsentStore();
  const store = createMemoryStore(options.maxStoredEntries === undefined ? {} : { maxEntries: options.maxStoredEntries });
  const key = options.signingKey ?? (await generateSigningKey());
  const provider = new Provider(issuer, providerConfiguration({ tenantId, api, clients, users, signingKey: key.privateJwk, consents, store }));
  // Entra's redirect matching (loopback ports ignored) instead of oidc-provider's exact match;
  // the hook is the one oidc-provider documents for custom redirect rules.
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(this: { clientId: string }, value: string): boolean {
    const client = clients.find((c) => c.clientId === this.clientId);
    return client !== undefined && matchRedirectUri(value, client.redirectUris) !== undefined;
  };
  // Entra's logout takes a `post_logout_redirect_uri` registered among the app's redirect URIs
  // (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#send-a-sign-out-request); oidc-provider would want a
  // separate `post_logout_redirect_uris` list and refuse every one.
  provider.Client.prototype.postLogoutRedirectUriAllowed = provider.Client.prototype.redirectUriAllowed;
  provider.on('server_error', (_ctx: unknown, error: Error) => options.onServerError?.(error));
  provider.on('authorization.success', withoutIssParameter);
  provider.use(deviceLoginNeedsSession(provider, `${authorityHost}/${tenantId}/devicelogin`));
  provider.use(
    entraResponseShaping({
      verificationUri: `${authorityHost}/devicelogin`,
      reshapeIdToken: entraIdTokenReshaper(key.privateJwk),
      ...(autoSignIn === undefined ? {} : { onDeviceCode: (deviceCode: string) => approveDeviceCode(provider, deviceCode, autoSignIn, apiResourceIndicator(api)) }),
    }),
  );

  const discovery = entraDiscoveryDocument(authorityHost, tenantId);
  const jwks = entraJwks([key.publicJwk], issuer);
  const workload = localWorkloadIdentity(options, { authorityHost, tenantId, issuer, apiClientId: clientId, key });
  const front = createEntraFront({
    tenantId,
    tenant: { api, clients, clientSecret: options.clientSecret },
    provider: provider.callback(),
    interactions: createInteractionHandler({ provider, users, clients, consents, autoSignIn }),
    discovery: () => discovery,
    jwks: () => jwks,
    verifyClientAssertion: workload.verifyClientAssertion,
    guards: { hasRoom: store.hasRoom, ...(options.deviceLoginAttempts === undefined ? {} : { deviceLoginAttempts: options.deviceLoginAttempts }) },
    findAuthorizationCode: async (value) => {
      const code = await provider.AuthorizationCode.find(value, { ignoreExpiration: true });
      if (code === undefined) return undefined;
      return { clientId: code.clientId ?? '', consumed: Boolean((code as { consumed?: unknown }).consumed), expired: code.isExpired, codeChallenge: code.codeChallenge, grantId: code.grantId };
    },
    // RFC 6749 §4.1.2: a code used twice revokes what it issued. oidc-provider would do
    // it itself, but the front layer answers the replay (AADSTS54005) before it sees one.
    revokeGrant: async (grantId) => {
      await store.adapter('Grant').revokeByGrantId?.(grantId);
      await store.adapter('Grant').destroy(grantId);
    },
    findRefreshToken: async (value) => {
      const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
      return token === undefined ? undefined : { clientId: token.clientId ?? '', expired: token.isExpired };
    },
  }) as typeof handler;
  handler = (req, res) => void (workload.handle(req, res) || front(req, res));

  return {
    authorityHost,
    port: address.port,
    tenantId,
    clientId,
    clientsClientId,
    identifierUris: () => [...uris],
    addMcpResource,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    users,
    managedIdentityEndpoint: workload.identity,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
