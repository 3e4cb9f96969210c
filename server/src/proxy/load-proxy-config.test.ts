import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.ts';
import { authMode, loadProxyConfig } from './load-proxy-config.ts';
import { generateProxySigningKey } from './proxy-signing-key.ts';

const variableOf = (f: () => unknown): string => {
  try {
    f();
    return 'accepted';
  } catch (error) {
    return error instanceof ConfigError ? error.variable : String(error);
  }
};

describe('proxy mode configuration', () => {
  it('MCP_AUTH_MODE is direct by default, proxy on request, nothing else', () => {
    expect(authMode({})).toBe('direct');
    expect(authMode({ MCP_AUTH_MODE: 'Proxy' })).toBe('proxy');
    expect(variableOf(() => authMode({ MCP_AUTH_MODE: 'oauth' }))).toBe('MCP_AUTH_MODE');
  });

  it('one instance needs only the client secret', () => {
    expect(loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's' })).toMatchObject({ signingKeys: [], cookieKeys: [], redisUrl: undefined, accessTokenTtlSeconds: 600 });
    expect(variableOf(() => loadProxyConfig({}))).toBe('MCP_PROXY_CLIENT_SECRET');
  });

  it('several replicas (Redis) must share signing, cookie and encryption keys', async () => {
    const base = { MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(variableOf(() => loadProxyConfig(base))).toBe('MCP_PROXY_SIGNING_KEYS');
    const keys = JSON.stringify({ keys: [await generateProxySigningKey()] });
    expect(variableOf(() => loadProxyConfig({ ...base, MCP_PROXY_SIGNING_KEYS: keys }))).toBe('MCP_PROXY_COOKIE_KEYS');
    const cookie = randomBytes(32).toString('base64url');
    expect(variableOf(() => loadProxyConfig({ ...base, MCP_PROXY_SIGNING_KEYS: keys, MCP_PROXY_COOKIE_KEYS: cookie }))).toBe('MCP_PROXY_ENCRYPTION_KEYS');
    const full = loadProxyConfig({ ...base, MCP_PROXY_SIGNING_KEYS: keys, MCP_PROXY_COOKIE_KEYS: cookie, MCP_PROXY_ENCRYPTION_KEYS: `${randomBytes(32).toString('base64')},${randomBytes(32).toString('base64')}` });
    expect(full.encryptionKeys).toHaveLength(2);
  });

  it('refuses symmetric or public signing keys, short encryption keys, and a non-Redis URL', async () => {
    const key = await generateProxySigningKey();
    const { d: _private, ...publicOnly } = key as Record<string, unknown>;
    for (const bad of [{ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'x' }] }, { keys: [publicOnly] }, { keys: [] }]) {
      expect(variableOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_SIGNING_KEYS: JSON.stringify(bad) }))).toBe('MCP_PROXY_SIGNING_KEYS');
    }
    expect(variableOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_ENCRYPTION_KEYS: randomBytes(16).toString('base64') }))).toBe('MCP_PROXY_ENCRYPTION_KEYS');
    expect(variableOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_REDIS_URL: 'http://cache' }))).toBe('MCP_PROXY_REDIS_URL');
    expect(variableOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_ACCESS_TOKEN_TTL: '86400' }))).toBe('MCP_PROXY_ACCESS_TOKEN_TTL');
    expect(variableOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_CLIENTS: '[{"client_id":"x"}]' }))).toBe('MCP_PROXY_CLIENTS');
  });

  it('MCP_PROXY_CLIENTS lists clients known from configuration', () => {
    const clients = [{ client_id: 'claude-ai', client_name: 'Claude', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] }];
    expect(loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', MCP_PROXY_CLIENTS: JSON.stringify(clients) }).preRegisteredClients).toEqual(clients);
  });
});
