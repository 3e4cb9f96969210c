import type { JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { AZURE_CLI, CLIENT_ID, OTHER_TENANT_ID, TENANT_ID } from '../support/test-issuer.ts';
import { challengeParams, startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('multi-tenant (organizations) with ALLOWED_TENANTS', () => {
  it("matches the issuer against the token's own tid, which must be allowed", async () => {
    h = await startHarness({ AZURE_TENANT_ID: 'organizations', ALLOWED_TENANTS: TENANT_ID }, { tenant: 'organizations', keyIssuerProperty: true });
    expect((await h.mcp(await h.issuer.mint({ tid: TENANT_ID }))).status).toBe(200);
    const other = await h.mcp(await h.issuer.mint({ tid: OTHER_TENANT_ID }));
    expect(other.status).toBe(401);
    expect(challengeParams(other.headers.get('www-authenticate'))['error_description']).toMatch(/ALLOWED_TENANTS/);
    // Right tid, issuer of another tenant: refused.
    const mixed = await h.mcp(await h.issuer.mint({ tid: TENANT_ID, iss: `${h.issuer.host}/${OTHER_TENANT_ID}/v2.0` }));
    expect(mixed.status).toBe(401);
  });

  it('a key whose issuer property names another issuer (e.g. the MSA tenant) cannot vouch for a tenant', async () => {
    h = await startHarness({ AZURE_TENANT_ID: 'organizations', ALLOWED_TENANTS: TENANT_ID }, { tenant: 'organizations' });
    h.issuer.published = [{ ...h.issuer.signingKey, jwk: { ...h.issuer.signingKey.jwk, issuer: `${h.issuer.host}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0` } as JWK }];
    await h.server.keys.refresh();
    const res = await h.mcp(await h.issuer.mint({ tid: TENANT_ID }));
    expect(res.status).toBe(401);
    expect(challengeParams(res.headers.get('www-authenticate'))['error_description']).toMatch(/does not belong to its issuer/);
  });
});

describe('v1 tokens when explicitly enabled', () => {
  const v1 = (extra: Record<string, unknown> = {}) => ({ ver: '1.0', iss: `https://sts.windows.net/${TENANT_ID}/`, aud: `api://${CLIENT_ID}`, appid: AZURE_CLI, azp: undefined, ...extra });

  it('accepts a v1 token checked against the v1 metadata issuer', async () => {
    h = await startHarness({ ACCEPT_V1_TOKENS: 'true' });
    const res = await h.mcp(await h.issuer.mint(v1()));
    expect(res.status).toBe(200);
  });

  it('still refuses a v1 token from another issuer', async () => {
    h = await startHarness({ ACCEPT_V1_TOKENS: 'true' });
    const res = await h.mcp(await h.issuer.mint(v1({ iss: `https://sts.windows.net/${OTHER_TENANT_ID}/` })));
    expect(res.status).toBe(401);
  });
});

describe('app-only tokens and client allow-lists', () => {
  const appOnly = (roles: string[]) => ({ scp: undefined, roles, idtyp: 'app', oid: 'a9f1b0c2-0000-0000-0000-000000000001', sub: 'a9f1b0c2-0000-0000-0000-000000000001', name: undefined, preferred_username: undefined });

  it('accepts an app-only token carrying the configured app role, and refuses one without it with 403', async () => {
    h = await startHarness({ REQUIRED_APP_ROLE: 'MCP.Invoke' });
    expect((await h.mcp(await h.issuer.mint(appOnly(['MCP.Invoke'])))).status).toBe(200);
    const res = await h.mcp(await h.issuer.mint(appOnly(['Other.Role'])));
    expect(res.status).toBe(403);
    expect(challengeParams(res.headers.get('www-authenticate'))['error']).toBe('insufficient_scope');
  });

  it('refuses a client app not in ALLOWED_CLIENT_APPS', async () => {
    h = await startHarness({ ALLOWED_CLIENT_APPS: 'aebc6443-996d-45c2-90f0-388ff96faa56' });
    expect((await h.mcp(await h.issuer.mint({ azp: 'aebc6443-996d-45c2-90f0-388ff96faa56' }))).status).toBe(200);
    const res = await h.mcp(await h.issuer.mint({ azp: AZURE_CLI }));
    expect(res.status).toBe(403);
    expect(challengeParams(res.headers.get('www-authenticate'))['error_description']).toMatch(/ALLOWED_CLIENT_APPS/);
  });
});
