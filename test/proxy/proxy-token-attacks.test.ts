import { SignJWT, importJWK, type JWK as JoseJwk } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../server/src/auth/auth-error.ts';
import { generateProxySigningKey } from '../../server/src/proxy/proxy-signing-key.ts';
import { CLIENT_REDIRECT, pkce, registerNative, signInForCode, token } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

let stack: ProxyStack;
const signingKey = await generateProxySigningKey();
beforeAll(async () => {
  stack = await startProxyStack({ signingKeys: [signingKey] });
});
afterAll(async () => stack?.close());

const mcp = (accessToken: string) => fetch(stack.mcpResource, { headers: { authorization: `Bearer ${accessToken}` } });

async function redeem(overrides: Record<string, string> = {}) {
  const flow = await signInForCode(stack.origin, stack.mcpResource);
  const params = { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource, ...overrides };
  return { flow, params, answer: await token(stack.origin, params) };
}

describe('/oauth/token: authorization_code', () => {
  it('a missing or wrong PKCE verifier is invalid_grant', async () => {
    const { answer: missing } = await redeem({ code_verifier: '' });
    expect(missing.status).toBe(400);
    expect(missing.body['error']).toBe('invalid_grant');
    const { answer: wrong } = await redeem({ code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body['error']).toBe('invalid_grant');
  });

  it('a code for another resource is invalid_target', async () => {
    const { answer } = await redeem({ resource: 'https://other.example/mcp' });
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toBe('invalid_target');
  });

  it('a code works once; its reuse revokes the access and refresh tokens it issued', async () => {
    const { params, answer } = await redeem();
    expect(answer.status).toBe(200);
    const accessToken = String(answer.body['access_token']);
    expect((await mcp(accessToken)).status).toBe(200);
    const again = await token(stack.origin, params);
    expect(again.status).toBe(400);
    expect(again.body['error']).toBe('invalid_grant');
    const denied = await mcp(accessToken);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ code: 'revoked' });
    const refresh = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: String(answer.body['refresh_token']), client_id: params.client_id });
    expect(refresh.body['error']).toBe('invalid_grant');
  });

  it('one code redeemed twice at the same time is granted once', async () => {
    const flow = await signInForCode(stack.origin, stack.mcpResource);
    const params = { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource };
    const answers = await Promise.all([token(stack.origin, params), token(stack.origin, params), token(stack.origin, params)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
    expect(answers.filter((a) => a.status === 400).map((a) => a.body['error'])).toEqual(['invalid_grant', 'invalid_grant']);
  });

  it('one refresh token used twice at the same time is granted once', async () => {
    const { params, answer } = await redeem();
    const refresh = { grant_type: 'refresh_token', refresh_token: String(answer.body['refresh_token']), client_id: params.client_id };
    const answers = await Promise.all([token(stack.origin, refresh), token(stack.origin, refresh)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
  });

  it("another client cannot redeem a client's code", async () => {
    const thief = await registerNative(stack.origin);
    const victim = await signInForCode(stack.origin, stack.mcpResource);
    const stolen = await token(stack.origin, { grant_type: 'authorization_code', code: victim.code, code_verifier: victim.verifier, client_id: thief, redirect_uri: CLIENT_REDIRECT });
    expect(stolen.status).toBe(400);
    expect(stolen.body['error']).toBe('invalid_grant');
  });
});

describe('/oauth/token: refresh_token', () => {
  it('rotates on every use; a refresh token used twice revokes the whole grant', async () => {
    const { params, answer } = await redeem();
    const first = String(answer.body['refresh_token']);
    const rotated = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: first, client_id: params.client_id });
    expect(rotated.status).toBe(200);
    const second = String(rotated.body['refresh_token']);
    expect(second).not.toBe(first);
    const newAccess = String(rotated.body['access_token']);
    expect((await mcp(newAccess)).status).toBe(200);

    const replay = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: first, client_id: params.client_id });
    expect(replay.status).toBe(400);
    expect(replay.body['error']).toBe('invalid_grant');
    // The legitimate holder's rotated token and access token die with the grant.
    const afterReplay = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: second, client_id: params.client_id });
    expect(afterReplay.body['error']).toBe('invalid_grant');
    expect((await mcp(newAccess)).status).toBe(401);
  });
});

describe('/oauth/revoke (RFC 7009), for sign-out', () => {
  it('revoking the refresh token ends the sign-in: no more refreshes, and its access tokens are refused', async () => {
    const { params, answer } = await redeem();
    const revoked = await fetch(`${stack.origin}/oauth/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: String(answer.body['refresh_token']), token_type_hint: 'refresh_token', client_id: params.client_id }) });
    expect(revoked.status).toBe(200);
    const refresh = await token(stack.origin, { grant_type: 'refresh_token', refresh_token: String(answer.body['refresh_token']), client_id: params.client_id });
    expect(refresh.body['error']).toBe('invalid_grant');
    expect((await mcp(String(answer.body['access_token']))).status).toBe(401);
  });
});

describe('verifyProxyAccessToken', () => {
  const sign = async (claims: Record<string, unknown>, key = signingKey) =>
    new SignJWT({ iss: stack.origin, aud: stack.mcpResource, oid: 'o', tid: 't', sub: 's', azp: 'c', client_id: 'c', gid: 'g', ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid! })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(key as JoseJwk, 'ES256'));
  const codeOf = (token: string) => stack.proxy.verifyProxyAccessToken(token).then(() => 'accepted', (e: unknown) => (e instanceof AuthError ? e.code : String(e)));

  it('refuses a token for another resource, from another issuer, or signed by another key', async () => {
    expect(await codeOf(await sign({ aud: 'https://other.example/mcp' }))).toBe('wrong_audience');
    expect(await codeOf(await sign({ iss: 'https://login.microsoftonline.com/x/v2.0' }))).toBe('wrong_issuer');
    const stranger = await generateProxySigningKey();
    expect(await codeOf(await sign({}, { ...stranger, kid: signingKey.kid! }))).toBe('bad_signature');
  });

  it('refuses a well-signed token whose grant does not exist (revoked or forged)', async () => {
    expect(await codeOf(await sign({ gid: 'no-such-grant' }))).toBe('revoked');
  });

  it('publishes only the public half of its keys', async () => {
    const jwks = (await (await fetch(`${stack.origin}/oauth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: signingKey.kid });
    expect(jwks.keys[0]!['d']).toBeUndefined();
  });
});
