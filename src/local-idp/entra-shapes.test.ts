import { describe, expect, it } from 'vitest';
import { entraAccessTokenClaims } from './access-token-claims.ts';
import { DEV_USERS } from './dev-directory.ts';
import { entraDiscoveryDocument } from './discovery-document.ts';
import { EntraError, entraErrorBody } from './entra-error.ts';
import { entraDeviceCodeBody, entraErrorRedirect } from './entra-response-shaping.ts';
import { toEntraError } from './to-entra-error.ts';

// Keys of the recorded real v2.0 document (https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration, as recorded in https://github.com/panva/wellknown/blob/main/issuers/entra-common/entra-common.mjs).
const REAL_DISCOVERY_KEYS = ['token_endpoint', 'token_endpoint_auth_methods_supported', 'jwks_uri', 'response_modes_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported', 'response_types_supported', 'scopes_supported', 'issuer', 'request_uri_parameter_supported', 'userinfo_endpoint', 'authorization_endpoint', 'device_authorization_endpoint', 'http_logout_supported', 'frontchannel_logout_supported', 'end_session_endpoint', 'claims_supported', 'kerberos_endpoint', 'tenant_region_scope', 'cloud_instance_name', 'cloud_graph_host_name', 'msgraph_host', 'rbac_url'];

describe('Entra shapes', () => {
  it('publishes exactly the keys of the real v2.0 discovery document', () => {
    const doc = entraDiscoveryDocument('http://127.0.0.1:8010', 'tid');
    expect(Object.keys(doc)).toEqual(REAL_DISCOVERY_KEYS);
    expect(doc.issuer).toBe('http://127.0.0.1:8010/tid/v2.0');
    expect(doc.jwks_uri).toBe('http://127.0.0.1:8010/tid/discovery/v2.0/keys');
  });

  it('gives access tokens the claims of the documented v2 sample, in its order', () => {
    const claims = entraAccessTokenClaims({ issuer: 'i', tenantId: 't', audience: 'a', clientId: 'c', azpacr: 0, user: DEV_USERS[0]!, scopes: ['access_as_user'], issuedAt: 100, expiresAt: 3700 });
    expect(Object.keys(claims)).toEqual(['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'azp', 'azpacr', 'name', 'oid', 'preferred_username', 'rh', 'scp', 'sub', 'tid', 'uti', 'ver']);
    expect(claims).toMatchObject({ ver: '2.0', azpacr: '0', scp: 'access_as_user', nbf: 100, oid: DEV_USERS[0]!.oid });
    expect(claims.sub).not.toBe(DEV_USERS[0]!.oid); // pairwise, as Entra's
  });

  it('writes errors as Entra does: AADSTS first, then trace, correlation and timestamp lines', () => {
    const body = entraErrorBody(new EntraError('unauthorized_client', 700016, 'Application not found.'), { traceId: 'tr', correlationId: 'co', now: new Date('2016-01-09T02:02:12.345Z') });
    expect(body).toEqual({
      error: 'unauthorized_client',
      error_description: 'AADSTS700016: Application not found.\r\nTrace ID: tr\r\nCorrelation ID: co\r\nTimestamp: 2016-01-09 02:02:12Z',
      error_codes: [700016],
      timestamp: '2016-01-09 02:02:12Z',
      trace_id: 'tr',
      correlation_id: 'co',
      error_uri: 'https://login.microsoftonline.com/error?code=700016',
    });
  });

  it('answers device code requests without verification_uri_complete, with interval and message', () => {
    const body = entraDeviceCodeBody({ device_code: 'd', user_code: 'ABCDEFGHJ', verification_uri: 'x', verification_uri_complete: 'y', expires_in: 900 }, 'http://127.0.0.1:8010/devicelogin');
    expect(Object.keys(body)).toEqual(['user_code', 'device_code', 'verification_uri', 'expires_in', 'interval', 'message']);
    expect(body.message).toContain('ABCDEFGHJ');
  });

  it("maps oidc-provider's device polling errors to Entra's", () => {
    expect(toEntraError('authorization_pending', undefined).code).toBe(70016);
    expect(toEntraError('access_denied', 'End-User aborted interaction').error).toBe('authorization_declined');
    expect(toEntraError('invalid_grant', 'grant request is invalid').code).toBe(70000);
  });

  it("keeps oidc-provider's other client errors 400s with their code; only server_error is a 500", () => {
    expect(toEntraError('unsupported_response_mode', 'unsupported response_mode requested')).toMatchObject({ error: 'unsupported_response_mode', status: 400 });
    expect(toEntraError('server_error', undefined)).toMatchObject({ error: 'server_error', code: 50000, status: 500 });
  });
});

describe('entraErrorRedirect', () => {
  const ids = { traceId: 'tr', correlationId: 'co', now: new Date('2026-01-01T00:00:00Z') };

  it("rewrites oidc-provider's error redirects into Entra's, keeping state", () => {
    const out = new URL(entraErrorRedirect('http://localhost:8090/callback?error=login_required&error_description=End-User+authentication+is+required&state=s', ids)!);
    expect(out.searchParams.get('error')).toBe('login_required');
    expect(out.searchParams.get('error_description')).toMatch(/^AADSTS50058: .*\r\nTrace ID: tr\r\n/s);
    expect(out.searchParams.get('state')).toBe('s');
    const declined = new URL(entraErrorRedirect('http://localhost:8090/callback?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.', ids)!);
    expect(declined.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(entraErrorRedirect('http://localhost:8090/callback?code=c&state=s', ids)).toBeUndefined();
  });
});
