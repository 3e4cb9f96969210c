import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfig } from './load-config.ts';

const base = { AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47', AZURE_CLIENT_ID: '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f' };

function failure(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted it');
}

describe('loadConfig', () => {
  it('derives the issuer, scope and public URL from the contract defaults', () => {
    const config = loadConfig(base);
    expect(config.issuer).toBe('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0');
    expect(config.fullScope).toBe('api://6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f/access_as_user');
    expect(config.publicUrl).toBe('http://localhost:8000');
    expect([config.host, config.port, config.acceptV1Tokens, config.clockSkewSeconds]).toEqual(['127.0.0.1', 8000, false, 60]);
  });

  it.each([
    [{}, 'AZURE_TENANT_ID'],
    [{ ...base, AZURE_TENANT_ID: 'contoso' }, 'AZURE_TENANT_ID'],
    [{ ...base, AZURE_CLIENT_ID: undefined }, 'AZURE_CLIENT_ID'],
    [{ ...base, AZURE_CLIENT_ID: 'api://x' }, 'AZURE_CLIENT_ID'],
    [{ ...base, AZURE_TENANT_ID: 'organizations' }, 'ALLOWED_TENANTS'],
    [{ ...base, AZURE_AUTHORITY_HOST: 'http://login.example.com' }, 'AZURE_AUTHORITY_HOST'],
    [{ ...base, AZURE_AUTHORITY_HOST: 'http://127.evil.com' }, 'AZURE_AUTHORITY_HOST'],
    [{ ...base, MCP_PUBLIC_URL: 'http://localhost.evil.com' }, 'MCP_PUBLIC_URL'],
    [{ ...base, AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com/tenant' }, 'AZURE_AUTHORITY_HOST'],
    [{ ...base, MCP_PUBLIC_URL: 'ftp://x' }, 'MCP_PUBLIC_URL'],
    [{ ...base, PORT: '70000' }, 'PORT'],
    [{ ...base, CLOCK_SKEW_SECONDS: '3600' }, 'CLOCK_SKEW_SECONDS'],
    [{ ...base, TOKEN_ALGORITHMS: 'RS256,HS256' }, 'TOKEN_ALGORITHMS'],
    [{ ...base, ACCEPT_V1_TOKENS: 'maybe' }, 'ACCEPT_V1_TOKENS'],
    [{ ...base, LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ...base, HEADERS_TIMEOUT_SECONDS: '0' }, 'HEADERS_TIMEOUT_SECONDS'],
    [{ ...base, HEADERS_TIMEOUT_SECONDS: '90', REQUEST_TIMEOUT_SECONDS: '60' }, 'HEADERS_TIMEOUT_SECONDS'],
    [{ ...base, REQUEST_TIMEOUT_SECONDS: 'soon' }, 'REQUEST_TIMEOUT_SECONDS'],
    [{ ...base, KEEP_ALIVE_TIMEOUT_SECONDS: '-1' }, 'KEEP_ALIVE_TIMEOUT_SECONDS'],
    [{ ...base, MAX_CONNECTIONS: '0' }, 'MAX_CONNECTIONS'],
    [{ ...base, MCP_AUTH_MODE: 'proxied' }, 'MCP_AUTH_MODE'],
    [{ ...base, MCP_AUTH_MODE: 'proxy' }, 'MCP_PROXY_CLIENT_SECRET'],
    [{ ...base, MCP_AUTH_MODE: 'proxy', MCP_PROXY_CLIENT_SECRET: 's', ALLOWED_CLIENT_APPS: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' }, 'ALLOWED_CLIENT_APPS'],
  ])('refuses %j naming %s and an example', (env, variable) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(`${variable}=`);
  });

  it('sets the connection limits deliberately, in milliseconds, with documented defaults', () => {
    expect(loadConfig(base).connections).toEqual({ headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024 });
    const set = loadConfig({ ...base, HEADERS_TIMEOUT_SECONDS: '5', REQUEST_TIMEOUT_SECONDS: '30', KEEP_ALIVE_TIMEOUT_SECONDS: '2', MAX_CONNECTIONS: '50' });
    expect(set.connections).toEqual({ headersTimeoutMs: 5_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 2_000, maxConnections: 50 });
  });

  it('accepts an http authority only on loopback (the local identity provider)', () => {
    expect(loadConfig({ ...base, AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9000' }).issuer).toBe('http://127.0.0.1:9000/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0');
    expect(loadConfig({ ...base, AZURE_AUTHORITY_HOST: 'http://[::1]:9000' }).issuer).toBe('http://[::1]:9000/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0');
  });

  it('is in direct mode unless MCP_AUTH_MODE=proxy, and reads the proxy settings only then', () => {
    expect(loadConfig(base)).toMatchObject({ authMode: 'direct', proxy: undefined });
    expect(loadConfig({ ...base, MCP_PROXY_CLIENT_SECRET: 'ignored' }).proxy).toBeUndefined();
    const proxy = loadConfig({ ...base, MCP_AUTH_MODE: 'proxy', MCP_PROXY_CLIENT_SECRET: 'app-secret', ALLOWED_CLIENT_APPS: base.AZURE_CLIENT_ID });
    expect(proxy.authMode).toBe('proxy');
    expect(proxy.proxy).toMatchObject({ upstreamCredential: { kind: 'secret', secret: 'app-secret' }, accessTokenTtlSeconds: 600, redisUrl: undefined });
  });
});
