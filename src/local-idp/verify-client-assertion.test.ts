import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { managedIdentityFederatedCredential } from '../registration/proxy-mode-registration.ts';
import { EntraError } from './entra-error.ts';
import { JWT_BEARER_ASSERTION, verifyClientAssertion, type AssertionCheck } from './verify-client-assertion.ts';

const AUTHORITY = 'http://127.0.0.1:8010';
const TENANT = 'f0c4a7e2-3d1b-4c8e-9a6f-0b2d4e6f8a1c';
const ISSUER = `${AUTHORITY}/${TENANT}/v2.0`;
const PRINCIPAL = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const NOW = new Date('2026-12-03T10:00:00Z');
const seconds = NOW.getTime() / 1000;

let tenantKey: { privateKey: CryptoKey; jwk: JWK };
let otherKey: CryptoKey;
let check: AssertionCheck;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  tenantKey = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: 'tenant-key', alg: 'RS256', use: 'sig' } };
  otherKey = (await generateKeyPair('RS256')).privateKey;
  check = {
    credentials: [managedIdentityFederatedCredential({ authorityHost: AUTHORITY, tenantId: TENANT, principalId: PRINCIPAL })],
    keysOf: (issuer) => (issuer === ISSUER ? { keys: [tenantKey.jwk] } : undefined),
    now: NOW,
  };
});

/** A managed identity token as the tenant issues it, with `change` applied. */
function assertion(change: { sub?: string; aud?: string; iss?: string; exp?: number; key?: CryptoKey; kid?: string } = {}): Promise<string> {
  return new SignJWT({ oid: change.sub ?? PRINCIPAL, tid: TENANT })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: change.kid ?? 'tenant-key' })
    .setIssuer(change.iss ?? ISSUER)
    .setSubject(change.sub ?? PRINCIPAL)
    .setAudience(change.aud ?? 'api://AzureADTokenExchange')
    .setIssuedAt(seconds - 60)
    .setNotBefore(seconds - 60)
    .setExpirationTime(change.exp ?? seconds + 3600)
    .sign(change.key ?? tenantKey.privateKey);
}

async function refusal(jwt: string, type = JWT_BEARER_ASSERTION): Promise<EntraError> {
  try {
    await verifyClientAssertion(type, jwt, check);
  } catch (error) {
    if (error instanceof EntraError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('a client assertion against the app\'s federated credentials, as Entra checks it', () => {
  it('the managed identity token the credential trusts (issuer, subject, audience exact, signed by the tenant) is accepted', async () => {
    await expect(verifyClientAssertion(JWT_BEARER_ASSERTION, await assertion(), check)).resolves.toBeUndefined();
  });

  it('another subject, audience or issuer: AADSTS70021 naming what was presented', async () => {
    const subject = await refusal(await assertion({ sub: '11111111-2222-4333-8444-555555555555' }));
    expect(subject).toMatchObject({ code: 70021, error: 'invalid_request', status: 400 });
    expect(subject.message).toContain("No matching federated identity record found for presented assertion. Assertion Issuer: 'http://127.0.0.1:8010/");
    expect(subject.message).toContain("Assertion Subject: '11111111-2222-4333-8444-555555555555'");
    expect((await refusal(await assertion({ aud: 'api://AzureADTokenExchangeUSGov' }))).code).toBe(70021);
    expect((await refusal(await assertion({ iss: `${AUTHORITY}/${TENANT}/v2.0/` }))).code).toBe(70021);
  });

  it('expired: AADSTS700024 with the times', async () => {
    const expired = await refusal(await assertion({ exp: seconds - 1 }));
    expect(expired).toMatchObject({ code: 700024, error: 'invalid_client', status: 401 });
    expect(expired.message).toContain('Client assertion is not within its valid time range. Current time: 2026-12-03T10:00:00.000Z');
  });

  it('signed by another key (same kid, or an unknown kid): AADSTS700027', async () => {
    expect(await refusal(await assertion({ key: otherKey }))).toMatchObject({ code: 700027, error: 'invalid_client' });
    expect((await refusal(await assertion({ key: otherKey, kid: 'elsewhere' }))).message).toContain('The key was not found.');
  });

  it('no jwt-bearer type, or not a JWT', async () => {
    expect((await refusal(await assertion(), 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer')).code).toBe(900144);
    expect(await refusal('not-a-jwt')).toMatchObject({ code: 50027, error: 'invalid_client' });
  });
});
