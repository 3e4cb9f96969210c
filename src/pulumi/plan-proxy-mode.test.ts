import { calculateJwkThumbprint, compactVerify, CompactSign, importJWK } from 'jose';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { es256PrivateJwk, keyGenerations, keyList, needsRedis, proxyPlainEnvironment, proxyVaultSecrets, redisUrl, signingJwks } from './plan-proxy-mode.ts';

const bytes = (label: string) => createHash('sha256').update(label).digest().toString('base64');

describe('proxy mode keys from stable random bytes', () => {
  it('derives a working ES256 key pair from 32 bytes: what the private half signs, the public half verifies', async () => {
    const jwk = await es256PrivateJwk(bytes('one'));
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', d: Buffer.from(bytes('one'), 'base64').toString('base64url') });
    const { d: _d, kid: _kid, alg: _alg, use: _use, ...publicJwk } = jwk;
    expect(jwk.kid).toBe(await calculateJwkThumbprint(publicJwk));
    const jws = await new CompactSign(new TextEncoder().encode('payload')).setProtectedHeader({ alg: 'ES256' }).sign(await importJWK(jwk, 'ES256'));
    const { payload } = await compactVerify(jws, await importJWK(publicJwk, 'ES256'));
    expect(new TextDecoder().decode(payload)).toBe('payload');
  });

  it('gives the same key (same kid) for the same bytes and another for other bytes', async () => {
    expect(await es256PrivateJwk(bytes('one'))).toEqual(await es256PrivateJwk(bytes('one')));
    expect((await es256PrivateJwk(bytes('two'))).kid).not.toBe((await es256PrivateJwk(bytes('one'))).kid);
  });

  it('refuses anything but 32 bytes', async () => {
    await expect(es256PrivateJwk(Buffer.alloc(16).toString('base64'))).rejects.toThrow(/32 bytes, got 16/);
  });

  it('publishes the current key first (it signs) and the previous one after it (still verifies)', async () => {
    const jwks = JSON.parse(await signingJwks([bytes('g2'), bytes('g1')])) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([(await es256PrivateJwk(bytes('g2'))).kid, (await es256PrivateJwk(bytes('g1'))).kid]);
    expect(keyList(['new', 'old'])).toBe('new,old');
  });

  it('keeps the current and the previous generation only', () => {
    expect(keyGenerations(1)).toEqual([1]);
    expect(keyGenerations(2)).toEqual([2, 1]);
    expect(keyGenerations(7)).toEqual([7, 6]);
  });
});

describe('proxy mode on Azure, planned', () => {
  it('shares a Redis store only when there can be more than one replica', () => {
    expect(needsRedis(1)).toBe(false);
    expect(needsRedis(2)).toBe(true);
    expect(proxyVaultSecrets(1).map((s) => s.env)).toEqual(['MCP_PROXY_SIGNING_KEYS', 'MCP_PROXY_COOKIE_KEYS', 'MCP_PROXY_ENCRYPTION_KEYS']);
    expect(proxyVaultSecrets(3).map((s) => s.env)).toContain('MCP_PROXY_REDIS_URL');
  });

  it('writes the Redis URL with TLS, port 10000 and the key escaped as the password', () => {
    const url = new URL(redisUrl('cache.westeurope.redis.azure.net', 'a/b+c=='));
    expect([url.protocol, url.hostname, url.port, url.username, decodeURIComponent(url.password)]).toEqual(['rediss:', 'cache.westeurope.redis.azure.net', '10000', '', 'a/b+c==']);
  });

  it('turns proxy mode on behind Container Apps ingress, naming the identity only for the federated credential', () => {
    expect(proxyPlainEnvironment({ credential: 'managedIdentity', keysGeneration: 1 }, 'mi-client-id')).toEqual([
      { name: 'MCP_AUTH_MODE', value: 'proxy' },
      { name: 'MCP_PROXY_TRUST_FORWARDED', value: 'true' },
      { name: 'AZURE_MANAGED_IDENTITY_CLIENT_ID', value: 'mi-client-id' },
    ]);
    expect(proxyPlainEnvironment({ credential: 'secret', keysGeneration: 1 }, 'mi-client-id').map((e) => e.name)).toEqual(['MCP_AUTH_MODE', 'MCP_PROXY_TRUST_FORWARDED']);
  });
});
