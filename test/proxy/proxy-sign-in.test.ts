import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';
import { consentForm, CookieBrowser } from './helpers/cookie-browser.ts';
import { authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, signInForCode, token } from './helpers/proxy-flow.ts';

let stack: ProxyStack;
const CONNECTOR_REDIRECT = 'https://connector.example/api/mcp/auth_callback';
beforeAll(async () => {
  stack = await startProxyStack({ preRegisteredClients: [{ client_id: 'hosted-connector', client_name: 'Hosted connector', redirect_uris: [CONNECTOR_REDIRECT] }] });
});
afterAll(async () => stack?.close());

describe('proxy mode: a dynamically registered client signs in through Entra', () => {
  it('metadata advertises only what is supported, at both well-known names', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const doc = (await (await fetch(`${stack.origin}${path}`)).json()) as Record<string, unknown>;
      expect(doc).toMatchObject({
        issuer: stack.origin,
        authorization_endpoint: `${stack.origin}/oauth/authorize`,
        token_endpoint: `${stack.origin}/oauth/token`,
        registration_endpoint: `${stack.origin}/oauth/register`,
        jwks_uri: `${stack.origin}/oauth/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        authorization_response_iss_parameter_supported: true,
        client_id_metadata_document_supported: true,
      });
      expect(doc['grant_types_supported']).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
      expect(doc['grant_types_supported']).not.toContain('implicit');
    }
  });

  it('consent, Entra, then the proxy code with iss; the token carries the Entra identity and the client as azp', async () => {
    const { clientId, verifier, code, redirect } = await signInForCode(stack.origin, stack.mcpResource);
    expect(redirect.href.startsWith(CLIENT_REDIRECT)).toBe(true);
    expect(redirect.searchParams.get('iss')).toBe(stack.origin);
    expect(redirect.searchParams.get('state')).toBe('client-state-1');
    const answer = await token(stack.origin, { grant_type: 'authorization_code', code, code_verifier: verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', scope: 'access_as_user' });
    expect(typeof answer.body['refresh_token']).toBe('string');
    const accessToken = String(answer.body['access_token']);
    const [header, payload] = accessToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const megan = stack.idp.users.find((u) => u.name === 'Megan Bowen')!;
    expect(payload).toMatchObject({ iss: stack.origin, aud: stack.mcpResource, oid: megan.oid, tid: stack.idp.tenantId, name: 'Megan Bowen', scp: 'access_as_user', azp: clientId, client_id: clientId });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(600);
    // Entra's tokens stay on the server: nothing from Entra's response is in the answer.
    expect(Object.keys(answer.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    const mcp = await fetch(stack.mcpResource, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(mcp.status).toBe(200);
    expect(await mcp.json()).toMatchObject({ oid: megan.oid, clientAppId: clientId, scopes: ['access_as_user'] });
    expect(stack.errors).toEqual([]);
  });

  it('a client pre-registered by configuration (a hosted connector with an https callback, asking no scope) signs in the same way', async () => {
    const { verifier, challenge } = pkce();
    const browser = new CookieBrowser();
    const page = await openConsent(browser, authorizeUrl(stack.origin, { client_id: 'hosted-connector', redirect_uri: CONNECTOR_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', resource: stack.mcpResource }));
    expect(page.html).toContain('Hosted connector');
    expect(page.html).toContain('connector.example');
    const { action, csrf } = consentForm(page.html, page.url);
    const posted = await browser.request(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, decision: 'allow' }) });
    const { url } = await browser.follow(new URL(posted.headers.get('location')!), (u) => u.href.startsWith(CONNECTOR_REDIRECT));
    const answer = await token(stack.origin, { grant_type: 'authorization_code', code: url.searchParams.get('code')!, code_verifier: verifier, client_id: 'hosted-connector', redirect_uri: CONNECTOR_REDIRECT });
    // It sent no scope: it gets the MCP server's (RFC 6749 §3.3 lets the server choose the default).
    expect(answer.status).toBe(200);
    expect(answer.body['scope']).toBe('access_as_user');
  });
});
