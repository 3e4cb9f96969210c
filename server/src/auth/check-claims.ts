import { GRAPH_AUDIENCES } from '../config/defaults.ts';
import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError } from './auth-error.ts';
import { entraV2Issuer, isGuid } from '../entra/index.ts';

// NumericDate values a Date can hold (±8.64e12 s is the ECMAScript limit): beyond them a
// token is malformed, and formatting one would throw.
const MAX_NUMERIC_DATE = 8.64e12;

export interface CheckedClaims {
  readonly version: '1.0' | '2.0';
  readonly tid: string;
  readonly iss: string;
  readonly exp: number;
  /**
   * Why the token does not belong to this API (tenant, issuer, audience), if it does not.
   * Reported only once the signature has verified: answered for an unsigned token, it would
   * tell anyone which tenants the API accepts (RFC 8725 §3.1).
   */
  readonly notForThisApi: AuthError | undefined;
}

function audiences(payload: Readonly<Record<string, unknown>>): string[] {
  const aud = payload['aud'];
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

function numericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < MAX_NUMERIC_DATE;
}

/** The checks that tie a token to this API's tenant, issuer and audience. */
function belongsToThisApi(payload: Readonly<Record<string, unknown>>, policy: AccessTokenPolicy, version: '1.0' | '2.0', rawTid: string, iss: string): AuthError | undefined {
  const tid = rawTid.toLowerCase();
  if (policy.tenantId !== undefined && tid !== policy.tenantId) {
    return new AuthError('wrong_tenant', `token is from another tenant: this API accepts tenant ${policy.tenantId}`);
  }
  if (policy.tenantId === undefined && !policy.allowedTenants.includes(tid)) {
    return new AuthError('tenant_not_allowed', "token's tenant is not in this API's ALLOWED_TENANTS");
  }
  if (version === '2.0') {
    // In multi-tenant mode the issuer follows the token's own tid, exactly as written
    // (`tid` must equal the issuer's path segment:
    // https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
    const expected = entraV2Issuer(policy.authorityHost, policy.tenantId ?? rawTid);
    if (iss !== expected) return new AuthError('wrong_issuer', `issuer is not ${expected}`);
  }
  const accepted = version === '2.0' ? [policy.clientId] : [policy.clientId, `api://${policy.clientId}`, `api://${policy.clientId}/`];
  if (!audiences(payload).some((a) => accepted.includes(a))) {
    return new AuthError('wrong_audience', `audience is not this API: expected ${policy.clientId} (request the scope ${policy.fullScope})`);
  }
  return undefined;
}

/**
 * Pure: decides, before any key is looked up, whether a token is the right kind of token
 * (an unexpired access token, v2 unless v1 is enabled, not Microsoft Graph's, not an ID
 * token) and throws at once if not: these answers say how to get the right token and
 * reveal nothing about the API. Whether it belongs to this API comes back as
 * `notForThisApi`, for the caller to report after the signature. The issuer of a v1 token
 * is checked later, against the v1 discovery document.
 */
export function checkClaims(payload: Readonly<Record<string, unknown>>, policy: AccessTokenPolicy, nowSeconds: number): CheckedClaims {
  const aud = audiences(payload);
  if (aud.some((a) => (GRAPH_AUDIENCES as readonly string[]).includes(a.toLowerCase()))) {
    throw new AuthError('graph_token', `audience is Microsoft Graph, not this API: request the scope ${policy.fullScope}`);
  }
  // Every access token names its calling client (`azp` in v2, `appid` in v1); ID tokens
  // never do, and may carry `nonce` or hashes. `scp` and `roles` prove nothing: ID tokens
  // carry the user's app roles (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference), and in v2 an ID token for
  // the app itself has the same `aud` as an access token for it.
  const hasIdTokenMarks = ['nonce', 'at_hash', 'c_hash'].some((c) => c in payload);
  const namesClient = typeof payload['azp'] === 'string' || typeof payload['appid'] === 'string';
  if (hasIdTokenMarks || !namesClient) {
    throw new AuthError('id_token', `ID token sent: send the access token (access_token) for the scope ${policy.fullScope}`);
  }
  const version = payload['ver'];
  if (version !== '1.0' && version !== '2.0') throw new AuthError('missing_claim', 'token has no valid ver claim');
  if (version === '1.0' && !policy.acceptV1Tokens) {
    throw new AuthError('v1_token', 'v1 token: set requestedAccessTokenVersion to 2 in the app registration (api.requestedAccessTokenVersion)');
  }
  const tid = payload['tid'];
  if (typeof tid !== 'string' || !isGuid(tid)) throw new AuthError('missing_claim', 'token has no valid tid claim');
  const iss = payload['iss'];
  if (typeof iss !== 'string') throw new AuthError('missing_claim', 'token has no iss claim');
  const exp = payload['exp'];
  if (!numericDate(exp)) throw new AuthError('missing_claim', 'token has no exp claim, or one that is not a date');
  if (nowSeconds > exp + policy.clockSkewSeconds) {
    throw new AuthError('expired', `token expired at ${new Date(exp * 1000).toISOString()}: get a new one`);
  }
  const nbf = payload['nbf'];
  if (nbf !== undefined && (!numericDate(nbf) || nowSeconds + policy.clockSkewSeconds < nbf)) {
    throw new AuthError('not_yet_valid', 'token is not valid yet (nbf is in the future): check the clocks');
  }
  for (const claim of ['oid', 'sub']) {
    if (typeof payload[claim] !== 'string') throw new AuthError('missing_claim', `token has no ${claim} claim`);
  }
  return { version, tid: tid.toLowerCase(), iss, exp, notForThisApi: belongsToThisApi(payload, policy, version, tid, iss) };
}
