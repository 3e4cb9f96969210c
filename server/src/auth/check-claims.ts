import { GRAPH_AUDIENCES } from '../config/defaults.ts';
import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError } from './auth-error.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CheckedClaims {
  readonly version: '1.0' | '2.0';
  readonly tid: string;
  readonly iss: string;
  readonly exp: number;
}

function audiences(payload: Readonly<Record<string, unknown>>): string[] {
  const aud = payload['aud'];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

/**
 * Pure: decides whether a token's claims make it an access token for this API, before any
 * key is looked up, so a wrong token gets a reason that helps fix it and costs no JWKS
 * fetch. The issuer of a v1 token is checked later, against the v1 discovery document.
 */
export function checkClaims(payload: Readonly<Record<string, unknown>>, policy: AccessTokenPolicy, nowSeconds: number): CheckedClaims {
  const aud = audiences(payload);
  if (aud.some((a) => (GRAPH_AUDIENCES as readonly string[]).includes(a.toLowerCase()))) {
    throw new AuthError('graph_token', `audience is Microsoft Graph, not this API: request the scope ${policy.fullScope}`);
  }
  // ID tokens carry no `scp`/`roles` and no calling client (`azp`/`appid`); those from
  // /authorize carry `nonce` or hashes. In v2 an ID token for the app itself has the
  // same `aud` as an access token for it, so the audience alone cannot tell them apart.
  const hasIdTokenMarks = ['nonce', 'at_hash', 'c_hash'].some((c) => c in payload);
  const hasAccessTokenMarks = ['scp', 'roles', 'azp', 'appid'].some((c) => c in payload);
  if (hasIdTokenMarks || !hasAccessTokenMarks) {
    throw new AuthError('id_token', `ID token sent: send the access token (access_token) for the scope ${policy.fullScope}`);
  }
  const version = payload['ver'];
  if (version !== '1.0' && version !== '2.0') throw new AuthError('missing_claim', 'token has no valid ver claim');
  if (version === '1.0' && !policy.acceptV1Tokens) {
    throw new AuthError('v1_token', 'v1 token: set requestedAccessTokenVersion to 2 in the app registration (api.requestedAccessTokenVersion)');
  }
  const tid = payload['tid'];
  if (typeof tid !== 'string' || !GUID.test(tid)) throw new AuthError('missing_claim', 'token has no valid tid claim');
  if (policy.tenantId !== undefined && tid.toLowerCase() !== policy.tenantId) {
    throw new AuthError('wrong_tenant', `token is from another tenant: this API accepts tenant ${policy.tenantId}`);
  }
  if (policy.tenantId === undefined && !policy.allowedTenants.includes(tid.toLowerCase())) {
    throw new AuthError('tenant_not_allowed', "token's tenant is not in this API's ALLOWED_TENANTS");
  }
  const iss = payload['iss'];
  if (typeof iss !== 'string') throw new AuthError('missing_claim', 'token has no iss claim');
  if (version === '2.0') {
    // In multi-tenant mode the issuer follows the token's own tid (ED:access-tokens.md).
    const expected = `${policy.authorityHost}/${policy.tenantId ?? tid}/v2.0`;
    if (iss !== expected) throw new AuthError('wrong_issuer', `issuer is not ${expected}`);
  }
  const accepted = version === '2.0' ? [policy.clientId] : [policy.clientId, `api://${policy.clientId}`, `api://${policy.clientId}/`];
  if (!aud.some((a) => accepted.includes(a.toLowerCase()))) {
    throw new AuthError('wrong_audience', `audience is not this API: expected ${policy.clientId} (request the scope ${policy.fullScope})`);
  }
  const exp = payload['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AuthError('missing_claim', 'token has no exp claim');
  if (nowSeconds > exp + policy.clockSkewSeconds) {
    throw new AuthError('expired', `token expired at ${new Date(exp * 1000).toISOString()}: get a new one`);
  }
  const nbf = payload['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nowSeconds + policy.clockSkewSeconds < nbf)) {
    throw new AuthError('not_yet_valid', 'token is not valid yet (nbf is in the future): check the clocks');
  }
  for (const claim of ['oid', 'sub']) {
    if (typeof payload[claim] !== 'string') throw new AuthError('missing_claim', `token has no ${claim} claim`);
  }
  return { version, tid: tid.toLowerCase(), iss, exp };
}
