import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryProxyStore } from '../../server/src/proxy/memory-proxy-store.ts';
import { createProxyAuthorizationServer } from '../../server/src/proxy/create-proxy-authorization-server.ts';
import { generateProxySigningKey } from '../../server/src/proxy/proxy-signing-key.ts';
import { CLIENT_REDIRECT, signInForCode, token } from './helpers/proxy-flow.ts';
import { startProxyStack, UPSTREAM_SECRET, type ProxyStack } from './helpers/proxy-stack.ts';

let stack: ProxyStack;
const store = createMemoryProxyStore();
const oldKey = await generateProxySigningKey();
const newKey = await generateProxySigningKey();
beforeAll(async () => {
  stack = await startProxyStack({ store, signingKeys: [oldKey] });
});
afterAll(async () => stack?.close());

/** The same deployment restarted with other keys (the store, and so the grants, kept). */
const restartedWith = (signingKeys: typeof oldKey[]) =>
  createProxyAuthorizationServer({
    issuer: stack.origin,
    mcpResource: stack.mcpResource,
    upstream: { authorityHost: stack.idp.authorityHost, tenantId: stack.idp.tenantId, clientId: stack.idp.clientId, clientSecret: UPSTREAM_SECRET, scope: `${stack.idp.clientId}/access_as_user` },
    verifyEntraAccessToken: () => Promise.reject(new Error('unused')),
    signingKeys,
    store,
  });

describe('signing key rotation', () => {
  it('tokens signed by the old key stay valid while it is still listed after a new key is put first; once it is removed they are refused', async () => {
    const flow = await signInForCode(stack.origin, stack.mcpResource);
    const answer = await token(stack.origin, { grant_type: 'authorization_code', code: flow.code, code_verifier: flow.verifier, client_id: flow.clientId, redirect_uri: CLIENT_REDIRECT, resource: stack.mcpResource });
    const oldToken = String(answer.body['access_token']);
    const header = JSON.parse(Buffer.from(oldToken.split('.')[0]!, 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe(oldKey.kid);

    const rotated = restartedWith([newKey, oldKey]);
    expect(await rotated.verifyProxyAccessToken(oldToken)).toMatchObject({ name: 'Megan Bowen' });
    await expect(restartedWith([newKey]).verifyProxyAccessToken(oldToken)).rejects.toMatchObject({ code: 'unknown_key' });
  });
});
