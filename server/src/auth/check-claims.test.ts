import { describe, expect, it } from 'vitest';
import type { AccessTokenPolicy } from './access-token-policy.ts';
import { AuthError, type AuthErrorCode } from './auth-error.ts';
import { checkClaims } from './check-claims.ts';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = '11111111-2222-3333-4444-555555555555';
const API = '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f';
const HOST = 'https://login.microsoftonline.com';
const NOW = 1_700_000_000;

const policy: AccessTokenPolicy = {
  clientId: API,
  tenantId: TENANT,
  allowedTenants: [],
  authorityHost: HOST,
  acceptV1Tokens: false,
  algorithms: ['RS256'],
  clockSkewSeconds: 60,
  requiredScope: 'access_as_user',
  fullScope: `api://${API}/access_as_user`,
  requiredAppRole: undefined,
  allowedClientApps: [],
};
const multi: AccessTokenPolicy = { ...policy, tenantId: undefined, allowedTenants: [TENANT] };
const v1: AccessTokenPolicy = { ...policy, acceptV1Tokens: true };

const v2Token = { aud: API, iss: `${HOST}/${TENANT}/v2.0`, tid: TENANT, ver: '2.0', azp: 'c', oid: 'o', sub: 's', exp: NOW + 3600, nbf: NOW - 10 };
const v1Token = { ...v2Token, ver: '1.0', iss: `https://sts.windows.net/${TENANT}/`, azp: undefined, appid: 'c', aud: `api://${API}` };

function codeOf(run: () => unknown): AuthErrorCode | 'ok' {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

describe('checkClaims: refused at once (the wrong kind of token)', () => {
  it.each<[string, Record<string, unknown>, AccessTokenPolicy, AuthErrorCode | 'ok']>([
    ['a good v2 access token', {}, policy, 'ok'],
    ['a Graph token (GUID audience)', { aud: '00000003-0000-0000-c000-000000000000' }, policy, 'graph_token'],
    ['a Graph token (URL audience, any case)', { aud: 'HTTPS://graph.microsoft.com' }, policy, 'graph_token'],
    ['an ID token (nonce)', { nonce: 'n' }, policy, 'id_token'],
    ['an ID token (at_hash)', { at_hash: 'h' }, policy, 'id_token'],
    ['no azp nor appid', { azp: undefined }, policy, 'id_token'],
    ['no ver', { ver: undefined }, policy, 'missing_claim'],
    ['ver 3.0', { ver: '3.0' }, policy, 'missing_claim'],
    ['a v1 token when v1 is off', v1Token, policy, 'v1_token'],
    ['a v1 token when v1 is on', v1Token, v1, 'ok'],
    ['tid not a GUID', { tid: 'contoso' }, policy, 'missing_claim'],
    ['no iss', { iss: undefined }, policy, 'missing_claim'],
    ['no exp', { exp: undefined }, policy, 'missing_claim'],
    ['exp beyond a Date', { exp: 9e15 }, policy, 'missing_claim'],
    ['expired beyond the skew', { exp: NOW - 61 }, policy, 'expired'],
    ['expired within the skew', { exp: NOW - 60 }, policy, 'ok'],
    ['nbf beyond the skew', { nbf: NOW + 61 }, policy, 'not_yet_valid'],
    ['nbf within the skew', { nbf: NOW + 60 }, policy, 'ok'],
    ['nbf not a number', { nbf: 'soon' }, policy, 'not_yet_valid'],
    ['no oid', { oid: undefined }, policy, 'missing_claim'],
    ['no sub', { sub: undefined }, policy, 'missing_claim'],
  ])('%s → %s', (_name, override, p, expected) => {
    const payload = Object.fromEntries(Object.entries({ ...v2Token, ...override }).filter(([, v]) => v !== undefined));
    expect(codeOf(() => checkClaims(payload, p, NOW))).toBe(expected);
  });
});

describe('checkClaims: not for this API (reported only after the signature)', () => {
  it.each<[string, Record<string, unknown>, AccessTokenPolicy, AuthErrorCode | undefined]>([
    ['belongs', {}, policy, undefined],
    ['another tenant', { tid: OTHER, iss: `${HOST}/${OTHER}/v2.0` }, policy, 'wrong_tenant'],
    ['multi-tenant, allowed tenant', {}, multi, undefined],
    ['multi-tenant, tenant not allowed', { tid: OTHER, iss: `${HOST}/${OTHER}/v2.0` }, multi, 'tenant_not_allowed'],
    ['issuer of another host', { iss: `https://login.microsoftonline.us/${TENANT}/v2.0` }, policy, 'wrong_issuer'],
    ['issuer with a trailing slash', { iss: `${HOST}/${TENANT}/v2.0/` }, policy, 'wrong_issuer'],
    ['multi-tenant issuer naming another tenant than tid', { iss: `${HOST}/${OTHER}/v2.0` }, multi, 'wrong_issuer'],
    ['another audience', { aud: OTHER }, policy, 'wrong_audience'],
    ['the api:// audience on v2', { aud: `api://${API}` }, policy, 'wrong_audience'],
    ['an audience list holding this API', { aud: [OTHER, API] }, policy, undefined],
    ['the api:// audience on v1', { ...v1Token }, v1, undefined],
  ])('%s → %s', (_name, override, p, expected) => {
    const payload = Object.fromEntries(Object.entries({ ...v2Token, ...override }).filter(([, v]) => v !== undefined));
    expect(checkClaims(payload, p, NOW).notForThisApi?.code).toBe(expected);
  });
});
