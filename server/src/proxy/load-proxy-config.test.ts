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

  describe('the upstream credential: a client secret or a managed identity, exactly one', () => {
    const MI = '5a4c0de1-1f7e-4c2a-9d3b-6f0e1a2b3c4d';
    const host = { IDENTITY_ENDPOINT: 'http://localhost:42356/msi/token', IDENTITY_HEADER: 'header-value' };
    const messageOf = (f: () => unknown): string => {
      try {
        f();
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };

    it('a secret alone is the secret; a managed identity alone carries the host endpoint', () => {
      expect(loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's' }).upstreamCredential).toEqual({ kind: 'secret', secret: 's' });
      expect(loadProxyConfig({ AZURE_MANAGED_IDENTITY_CLIENT_ID: MI.toUpperCase(), ...host }).upstreamCredential).toEqual({ kind: 'managedIdentity', clientId: MI, endpoint: host.IDENTITY_ENDPOINT, header: 'header-value' });
    });

    it('both set, or neither: an error naming both variables and what to do', () => {
      const both = messageOf(() => loadProxyConfig({ MCP_PROXY_CLIENT_SECRET: 's', AZURE_MANAGED_IDENTITY_CLIENT_ID: MI, ...host }));
      expect(both).toMatch(/^AZURE_MANAGED_IDENTITY_CLIENT_ID and MCP_PROXY_CLIENT_SECRET are both set/);
      expect(both).toContain('unset MCP_PROXY_CLIENT_SECRET');
      const neither = messageOf(() => loadProxyConfig({}));
      expect(neither).toMatch(/^MCP_PROXY_CLIENT_SECRET is required in proxy mode, or \(secretless, on Azure\) AZURE_MANAGED_IDENTITY_CLIENT_ID/);
    });

    it('a managed identity on a host without the identity endpoint, or not a GUID, is refused at startup', () => {
      const noEndpoint = messageOf(() => loadProxyConfig({ AZURE_MANAGED_IDENTITY_CLIENT_ID: MI }));
      expect(noEndpoint).toContain('AZURE_MANAGED_IDENTITY_CLIENT_ID is set but this host has no managed identity endpoint (IDENTITY_ENDPOINT');
      expect(noEndpoint).toContain('use MCP_PROXY_CLIENT_SECRET');
      expect(messageOf(() => loadProxyConfig({ AZURE_MANAGED_IDENTITY_CLIENT_ID: MI, IDENTITY_ENDPOINT: host.IDENTITY_ENDPOINT }))).toContain('(IDENTITY_HEADER is not set)');
      expect(variableOf(() => loadProxyConfig({ AZURE_MANAGED_IDENTITY_CLIENT_ID: 'id-entra-mcp', ...host }))).toBe('AZURE_MANAGED_IDENTITY_CLIENT_ID');
      expect(variableOf(() => loadProxyConfig({ AZURE_MANAGED_IDENTITY_CLIENT_ID: MI, ...host, IDENTITY_ENDPOINT: 'localhost:42356' }))).toBe('IDENTITY_ENDPOINT');
    });
  });
});
