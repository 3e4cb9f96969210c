import { describe, expect, it } from 'vitest';
import { createUpstreamEntra, describeUpstreamFailure } from './upstream-entra.ts';

const TENANT = '00000000-0000-4000-8000-000000000000';
const APP = '11111111-1111-4111-8111-111111111111';

/** Entra's token endpoint, recorded: every request's form body, answered with tokens. */
function recordingEntra() {
  const bodies: URLSearchParams[] = [];
  const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(new URLSearchParams(init?.body as URLSearchParams));
    return new Response(JSON.stringify({ access_token: 'entra-at', token_type: 'Bearer', expires_in: 3600, refresh_token: 'entra-rt' }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { bodies, fetchImpl };
}

describe('the upstream credential at Entra\'s token endpoint', () => {
  it('with a managed identity: code redemption and refresh each send a fresh jwt-bearer client assertion, never a secret', async () => {
    const { bodies, fetchImpl } = recordingEntra();
    let issued = 0;
    const upstream = createUpstreamEntra({ authorityHost: 'https://login.microsoftonline.com', tenantId: TENANT, clientId: APP, scope: `${APP}/access_as_user`, clientAssertion: async () => `mi-token-${++issued}` }, fetchImpl);
    await upstream.redeem(new URL('https://mcp.example.com/oauth/callback?code=c1&state=s1'), { state: 's1', codeVerifier: 'v'.repeat(43) });
    await upstream.refresh('entra-rt');
    expect(bodies.map((b) => [b.get('grant_type'), b.get('client_id'), b.get('client_assertion_type'), b.get('client_assertion'), b.has('client_secret')])).toEqual([
      ['authorization_code', APP, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'mi-token-1', false],
      ['refresh_token', APP, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'mi-token-2', false],
    ]);
  });

  it('with a client secret: the secret, and no assertion', async () => {
    const { bodies, fetchImpl } = recordingEntra();
    const upstream = createUpstreamEntra({ authorityHost: 'https://login.microsoftonline.com', tenantId: TENANT, clientId: APP, scope: `${APP}/access_as_user`, clientSecret: 'app-secret' }, fetchImpl);
    await upstream.refresh('entra-rt');
    expect([bodies[0]!.get('client_secret'), bodies[0]!.has('client_assertion')]).toEqual(['app-secret', false]);
  });

  it('a failure reads as Entra\'s code and first line, or the identity endpoint\'s error; nothing else', () => {
    expect(describeUpstreamFailure({ error: 'invalid_request', error_description: 'AADSTS70021: No matching federated identity record found.\r\nTrace ID: t' })).toBe('invalid_request (AADSTS70021: No matching federated identity record found.)');
    expect(describeUpstreamFailure(Object.assign(new Error('the managed identity endpoint http://localhost:42356/msi/token gave no token: HTTP 400'), { name: 'ManagedIdentityTokenError', code: 'managed_identity_token_failed' }))).toBe(
      'managed_identity_token_failed (the managed identity endpoint http://localhost:42356/msi/token gave no token: HTTP 400)',
    );
    expect(describeUpstreamFailure(new Error('secret stuff'))).toBe('error');
  });
});
