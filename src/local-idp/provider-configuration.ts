import { randomBytes, randomInt } from 'node:crypto';
import { errors, type Configuration, type JWK } from 'oidc-provider';
import { entraAccessTokenCustomizer } from './access-token-customizer.ts';
import { entraConsentPolicy, requestedScopes } from './consent-policy.ts';
import type { ConsentStore } from './consent-store.ts';
import { DEVICE_CODE_TTL_SECONDS } from './local-defaults.ts';
import { findDevUser, type DevUser } from './dev-directory.ts';
import { apiResourceIndicator, identifierUrisOf, OIDC_SCOPE_SET, type ApiResource } from './entra-scopes.ts';
import { confirmDevicePage, deviceDonePage, enterCodePage, errorPage } from './interaction-pages.ts';
import type { LocalClient } from './local-clients.ts';
import { OFFLINE_ACCESS_MARK, restoreOfflineAccess } from './keep-offline-access.ts';
import type { MemoryStore } from './memory-adapter.ts';
import { toEntraError } from './to-entra-error.ts';

/** What the oidc-provider configuration is built from. */
export interface ProviderSetup {
  readonly tenantId: string;
  readonly api: ApiResource;
  readonly clients: readonly LocalClient[];
  readonly users: readonly DevUser[];
  readonly signingKey: JWK;
  readonly consents: ConsentStore;
  /** Where codes, sessions and grants are kept (bounded, expiring). */
  readonly store: MemoryStore;
}

/**
 * Entra access tokens live a random 60 to 90 minutes (https://learn.microsoft.com/entra/identity-platform/access-tokens), so clients
 * must read `expires_in` rather than assume an hour.
 */
function accessTokenTtl(): number {
  return 3600 + randomInt(0, 1801);
}

/** The API scopes in every form Entra takes (each identifier URI and the GUID, the scope and `.default`); read per request, as identifier URIs may be added. */
function apiScopeForms(api: ApiResource): string {
  return [...identifierUrisOf(api), api.clientId].flatMap((p) => [`${p}/${api.scopeValue}`, `${p}/.default`]).join(' ');
}

/**
 * Pure: the oidc-provider configuration that makes it answer like Entra v2.0. The paths
 * are relative to `/{tenant}` (the front layer mounts the provider there), so the
 * issuer keeps Entra's `/{tenant}/v2.0` while endpoints sit at `/{tenant}/oauth2/v2.0/...`.
 */
export function providerConfiguration(setup: ProviderSetup): Configuration {
  const { api, consents } = setup;
  const indicator = apiResourceIndicator(api);
  const clientName = (id: string): string => setup.clients.find((c) => c.clientId === id)?.name ?? id;
  return {
    adapter: setup.store.adapter,
    clients: setup.clients.map((c) => ({
      client_id: c.clientId,
      client_name: c.name,
      // Client authentication is Entra's business here: the front layer checks secrets
      // (and answers AADSTS7000215/7000218/700025) and strips them before oidc-provider.
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      // Entra's matching is done by the `redirectUriAllowed` hook (start-local-idp.ts); oidc-provider
      // refuses a web client's private-use scheme (Cursor's `cursor://…`) in its own list, so it gets the http(s) ones.
      redirect_uris: c.redirectUris.map((r) => r.uri).filter((u) => /^https?:/.test(u)),
    })),
    jwks: { keys: [setup.signingKey] },
    findAccount: (_ctx, sub) => {
      const user = findDevUser(sub, setup.users);
      if (user === undefined) return undefined;
      return {
        accountId: user.oid,
        // ID token claims as Entra v2 puts them there (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference);
        // `aio`, `rh` and `uti` are opaque, fresh for each token.
        claims: () => ({
          sub: user.oid,
          oid: user.oid,
          tid: setup.tenantId,
          ver: '2.0',
          nbf: Math.floor(Date.now() / 1000),
          aio: randomBytes(48).toString('base64url'),
          rh: `0.${randomBytes(36).toString('base64url')}.`,
          uti: randomBytes(16).toString('base64url'),
          name: user.name,
          preferred_username: user.preferredUsername,
        }),
      };
    },
    claims: { openid: ['sub', 'oid', 'tid', 'ver', 'nbf', 'aio', 'rh', 'uti'], profile: ['name', 'preferred_username'] },
    // Entra puts profile claims in the ID token itself, not only behind userinfo.
    conformIdTokenClaims: false,
    scopes: [...OIDC_SCOPE_SET],
    extraParams: { [OFFLINE_ACCESS_MARK]: restoreOfflineAccess },
    responseTypes: ['code'],
    // Entra requires PKCE only for SPA redirects (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow); the
    // front layer, which knows the redirect's platform, demands it there (check-cross-origin.ts).
    pkce: { required: () => false },
    routes: {
      authorization: '/oauth2/v2.0/authorize',
      token: '/oauth2/v2.0/token',
      device_authorization: '/oauth2/v2.0/devicecode',
      code_verification: '/devicelogin',
      end_session: '/oauth2/v2.0/logout',
      // Served by the front layer in Entra's shape instead; these stay unreachable.
      jwks: '/oidc-provider/jwks',
      userinfo: '/oidc-provider/me',
    },
    interactions: { url: (_ctx, interaction) => `/${setup.tenantId}/login/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 600,
      DeviceCode: DEVICE_CODE_TTL_SECONDS,
      IdToken: 3600,
      RefreshToken: 90 * 24 * 3600,
      Interaction: 3600,
      // A session nobody signed in to (the device code page's form token) lasts as long as a
      // device code: a flood of page loads must not fill the bounded store for a day.
      Session: (_ctx, session) => (session.accountId === undefined ? DEVICE_CODE_TTL_SECONDS : 24 * 3600),
      Grant: 90 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: false },
      introspection: { enabled: false },
      deviceFlow: {
        enabled: true,
        // Entra's user codes are nine characters with no separator.
        charset: 'base-20',
        mask: '*********',
        userCodeInputSource: (ctx, form, _out, err) => {
          const problem = err === undefined ? undefined : err.name === 'AbortedError' ? 'The sign-in was cancelled.' : 'That code did not work. Check it and try again.';
          ctx.body = enterCodePage(form, problem);
        },
        userCodeConfirmSource: (ctx, form, client, _deviceInfo, userCode) => {
          ctx.body = confirmDevicePage(form, clientName(client.clientId), userCode);
        },
        successSource: (ctx) => {
          ctx.body = deviceDonePage(clientName(ctx.oidc.client?.clientId ?? ''));
        },
      },
      resourceIndicators: {
        enabled: true,
        // Entra names the resource inside the scope; a token request carries no
        // `resource` (the front layer checked and removed any). Bind to the API whenever
        // an API scope is asked for, or to what the code or refresh token was bound to.
        defaultResource: (ctx, _client, oneOf) => {
          if (oneOf !== undefined && oneOf.length > 0) return oneOf;
          return requestedScopes(ctx).api.length > 0 ? indicator : undefined;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== indicator) throw new errors.InvalidTarget();
          return {
            scope: apiScopeForms(api),
            audience: api.clientId,
            accessTokenFormat: 'jwt',
            accessTokenTTL: accessTokenTtl(),
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    loadExistingGrant: entraConsentPolicy(setup.clients, consents, indicator),
    formats: { customizers: { jwt: entraAccessTokenCustomizer({ tenantId: setup.tenantId, api, users: setup.users }) } },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(toEntraError(out.error, out.error_description).message);
    },
  };
}

