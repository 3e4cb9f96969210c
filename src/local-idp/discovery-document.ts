import { entraV2Issuer } from '../../server/src/entra/index.ts';

/**
 * Pure: the v2.0 OpenID configuration Entra publishes for a tenant, with the local
 * origin in place of `https://login.microsoftonline.com`. Same keys as the recorded real
 * document (https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration, as recorded in https://github.com/panva/wellknown/blob/main/issuers/entra-common/entra-common.mjs) and, like it, no `code_challenge_methods_supported`,
 * `grant_types_supported` or `registration_endpoint`: clients that need those must be
 * seen failing here as they would against Entra.
 *
 * `userinfo_endpoint` stays Graph's, as Entra publishes it; nothing here calls it.
 *
 * @param origin - e.g. `http://127.0.0.1:8010`
 * @param tenantId - the tenant GUID
 */
export function entraDiscoveryDocument(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: entraV2Issuer(origin, tenantId),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'WW',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}
