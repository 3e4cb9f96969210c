import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

/** Watches the proxy's calls to Entra; can make Entra refuse refreshes as it does for a disabled user. */
const entra = { refreshes: 0, refuse: false };
const watchingFetch: typeof fetch = async (input, init) => {
  const body = typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : '';
  if (body.includes('grant_type=refresh_token')) {
    entra.refreshes++;
    if (entra.refuse) {
      // Entra's answer for a disabled account (https://learn.microsoft.com/entra/identity-platform/reference-error-codes: AADSTS50057).
      return new Response(JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS50057: The user account is disabled.', error_codes: [50057] }), { status: 400, headers: { 'content-type': 'application/json' } });
    }
  }
  return fetch(input, init);
};

let stack: ProxyStack;
beforeAll(async () => {
  // Registrations outlive the two hours the clock is moved.
  stack = await startProxyStack({ fetch: watchingFetch }, 86_400);
});
afterAll(async () => stack?.close());

async function signedIn() {
  const flow = await signInForCode(stack.origin, stack.mcpResource);
  const answer = await token(stack.origin, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
  expect(answer.status).toBe(200);
  return { clientId: flow.clientId, refreshToken: String(answer.body['refresh_token']), accessToken: String(answer.body['access_token']) };
}

const refresh = (clientId: string, refreshToken: string) => token(stack.origin, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });

describe('a proxy refresh refreshes the Entra session once it is due', () => {
  it('not while Entra\'s token is valid; once it has expired, with the app\'s credential, and the client goes on', async () => {
    entra.refuse = false;
    const session = await signedIn();
    const before = entra.refreshes;
    const early = await refresh(session.clientId, session.refreshToken);
    expect(early.status).toBe(200);
    expect(entra.refreshes).toBe(before);

    stack.clock.advance(2 * 3600); // past Entra's 60-90 minute access token
    const late = await refresh(session.clientId, String(early.body['refresh_token']));
    expect(late.status).toBe(200);
    expect(entra.refreshes).toBe(before + 1);
    stack.clock.offsetMs = 0;
    const whoami = await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${String(late.body['access_token'])}` } });
    expect(await whoami.json()).toMatchObject({ name: 'Megan Bowen' });
    // Renewed: the next refresh needs no Entra call.
    expect((await refresh(session.clientId, String(late.body['refresh_token']))).status).toBe(200);
    expect(entra.refreshes).toBe(before + 1);
  });

  it('a person Entra no longer lets in loses access: invalid_grant, and the grant is revoked', async () => {
    entra.refuse = false;
    const session = await signedIn();
    entra.refuse = true;
    stack.clock.advance(2 * 3600);
    const refused = await refresh(session.clientId, session.refreshToken);
    stack.clock.offsetMs = 0;
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_grant');
    expect((await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${session.accessToken}` } })).status).toBe(401);
    expect(stack.errors.some((e) => e.includes('Entra refused to refresh a session (invalid_grant)'))).toBe(true);
    expect(stack.errors.join('\n')).not.toMatch(/eyJ|AADSTS50057/);
  });
});
