import { errors, type Configuration, type JWK } from 'oidc-provider';
import { checkRegistrationRequest } from './check-registration-request.ts';
import { errorPage } from './consent-page.ts';
import { pageHeaders } from './proxy-http-io.ts';
import { mcpResourceNames } from './mcp-resource-names.ts';
import { metadataDocumentFetch, type LoopbackMetadataDocuments } from './metadata-document-fetch.ts';
import { IDENTITY_MODEL, type ProxyIdentity } from './proxy-identity.ts';
import type { ProxyStore } from './proxy-store.ts';
import { PROXY_ROUTES } from './proxy-routes.ts';

/** What {@link proxyProviderConfiguration} is built from. */
export interface ProxyProviderSetup {
  readonly mcpResource: string;
  /** The scope value the MCP resource offers (the API scope's value, e.g. `access_as_user`). */
  readonly scopeValue: string;
  readonly store: ProxyStore;
  /** Private JWKs (ES256 or RS256); the first signs, all are published. */
  readonly signingKeys: readonly JWK[];
  /** Keys signing oidc-provider's cookies; replicas must share them. */
  readonly cookieKeys: readonly string[];
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Clients registered by configuration (hosted connectors with a fixed https callback). */
  readonly preRegisteredClients: readonly PreRegisteredClient[];
  /** Dev stack and tests only: documents on loopback https hosts (see metadata-document-fetch.ts). */
  readonly loopbackMetadataDocuments?: LoopbackMetadataDocuments | undefined;
}

/** A client known from configuration; public (PKCE), like every other client here. */
export interface PreRegisteredClient {
  readonly client_id: string;
  readonly client_name: string;
  readonly redirect_uris: readonly string[];
  readonly application_type?: 'web' | 'native';
}

/**
 * Pure: oidc-provider's configuration for proxy mode. It does the OAuth work the issue
 * asks for: RFC 7591 registration (public clients only; the request is checked first by
 * `checkRegistrationRequest`), Client ID Metadata Documents (fetched with oidc-provider's
 * own SSRF defences: special-use addresses refused, body size and cache limits), PKCE S256
 * required of everyone, RFC 8707 resource indicators bound to the one MCP resource,
 * RFC 9207 `iss` in every authorization response, one-time codes whose reuse revokes the
 * grant, and refresh tokens rotated on every use with reuse revoking the grant.
 */
export function proxyProviderConfiguration(setup: ProxyProviderSetup): Configuration {
  const { mcpResource, store } = setup;
  const resources = mcpResourceNames(mcpResource);
  const signingAlg = setup.signingKeys[0]?.kty === 'RSA' ? 'RS256' : 'ES256';
  return {
    adapter: (name: string) => store.adapter(name),
    ...(setup.loopbackMetadataDocuments === undefined ? {} : { fetch: metadataDocumentFetch(setup.loopbackMetadataDocuments) as never }),
    clients: setup.preRegisteredClients.map((c) => ({ ...c, redirect_uris: [...c.redirect_uris], token_endpoint_auth_method: 'none' })),
    clientAuthMethods: ['none'],
    clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none', id_token_signed_response_alg: signingAlg },
    enabledJWA: { idTokenSigningAlgValues: [signingAlg] },
    jwks: { keys: [...setup.signingKeys] },
    // Named apart from oidc-provider's defaults: browsers scope cookies by host, not port, so
    // the local identity provider's `_session` on the same loopback host would collide.
    cookies: { keys: [...setup.cookieKeys], names: { session: 'proxy_session', interaction: 'proxy_interaction', resume: 'proxy_interaction_resume' } },
    responseTypes: ['code'],
    // The resource's scope is listed too: MCP clients register with the Protected Resource
    // Metadata's `scopes_supported` as their `scope`, which oidc-provider checks against this.
    scopes: ['openid', 'offline_access', setup.scopeValue],
    pkce: { required: () => true },
    // Browser-based clients (the Inspector) call /oauth/token from their redirect URI's origin.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    // OAuth 2.1: every authorization request names its redirect URI.
    allowOmittingSingleRegisteredRedirectUri: false,
    // `prompt` and `login_hint` are for Entra (the front renames `prompt` to this).
    extraParams: ['entra_prompt'],
    routes: PROXY_ROUTES,
    interactions: { url: (_ctx, interaction) => `/oauth/consent/${interaction.uid}` },
    // A grant counts only when the consent page just made it: the person sees the page for
    // every authorization (remembering consent per user and client is still to come).
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId === undefined ? undefined : ctx.oidc.provider.Grant.find(grantId);
    },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    expiresWithSession: async () => false,
    extraTokenClaims: async (_ctx, token) => {
      if (token.kind !== 'AccessToken' || token.grantId === undefined) return undefined;
      const identity = (await store.adapter(IDENTITY_MODEL).find(token.grantId)) as unknown as ProxyIdentity | undefined;
      if (identity === undefined) throw new errors.InvalidGrant('the sign-in behind this grant is gone');
      // The Entra identity, and the MCP client as the calling app (`azp`, as Entra names it).
      return { oid: identity.oid, tid: identity.tid, name: identity.name, preferred_username: identity.preferredUsername, scp: identity.scp, azp: token.clientId, gid: token.grantId };
    },
    // Errors that cannot go back to the client (unknown client, unregistered redirect URI):
    // a page of the proxy's own, escaped, unframeable.
    renderError: (ctx, out) => {
      ctx.set(pageHeaders());
      ctx.body = errorPage(`${String(out['error'])}: ${String(out['error_description'] ?? '')}`);
    },
    ttl: {
      AccessToken: setup.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: setup.refreshTokenTtlSeconds,
      RefreshToken: setup.refreshTokenTtlSeconds,
      IdToken: setup.accessTokenTtlSeconds,
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      introspection: { enabled: false },
      // Every client here is public: only the client a token was issued to may revoke it
      // (RFC 7009 §2.1). oidc-provider's default does the same, but asks to be replaced.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      registration: { enabled: true, initialAccessToken: false },
      registrationManagement: { enabled: false },
      // A document's client meets the same policy as a registration (public, code flow only,
      // redirect URIs all loopback or private-use, or all https). application_type is left out:
      // oidc-provider defaults it to `web` before this hook sees it, and documents (the MCP
      // specification's example among them) list loopback URIs with their port and no type;
      // as `web` their redirect URIs then match exactly, port included.
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02', allowClient: (_ctx: unknown, client: { metadata(): Record<string, unknown> }) => meetsRegistrationPolicy({ ...client.metadata(), application_type: undefined }) } as never,
      resourceIndicators: {
        enabled: true,
        defaultResource: () => mcpResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!resources.includes(resource)) throw new errors.InvalidTarget(`resource must be ${mcpResource}`);
          return {
            scope: setup.scopeValue,
            audience: resource,
            accessTokenTTL: setup.accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: signingAlg } },
          };
        },
      },
    },
  };
}

function meetsRegistrationPolicy(metadata: Record<string, unknown>): boolean {
  try {
    checkRegistrationRequest(metadata);
    return true;
  } catch {
    return false;
  }
}
