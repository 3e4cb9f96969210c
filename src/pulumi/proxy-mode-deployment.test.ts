/**
 * Under Pulumi mocks: what `authMode: proxy` adds to the Azure deployment (keys, Redis, Key
 * Vault references read by the server's identity), and that direct mode adds none of it.
 */
import type * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { es256PrivateJwk } from './plan-proxy-mode.ts';
import { IMAGE, T, deployServer } from './testing/deploy-server.ts';
import { MOCK, mockRandomBytes, one, reveal, type Registered } from './testing/mock-cloud.ts';

const RANDOM = 'random:index/randomBytes:RandomBytes';
const REDIS = 'azure-native:redisenterprise:RedisEnterprise';
const REDIS_DB = 'azure-native:redisenterprise:Database';
const SECRETS_USER = `/subscriptions/${MOCK.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;
const IDENTITY_ID = `${T.identity}/server-identity`;
const VAULT = 'kv-entramcp-';

const deploy = (config: Record<string, string> = {}) => deployServer({ image: IMAGE, authMode: 'proxy', maxReplicas: '1', ...config });
const ofType = (registered: Registered[], type: string) => registered.filter((r) => r.type === type);
// Resources whose inputs wait on outputs register in no fixed order: compare them by name.
const byName = (registered: Registered[], type: string) => ofType(registered, type).sort((a, b) => a.name.localeCompare(b.name));
const vaultValue = (registered: Registered[], secretName: string) => {
  const found = ofType(registered, T.secret).find((r) => r.inputs.secretName === secretName);
  if (found === undefined) throw new Error(`no vault secret ${secretName}`);
  return reveal(found.inputs.properties);
};
const b64 = (name: string) => mockRandomBytes(name).toString('base64');

function container(registered: Registered[]) {
  const app = one(registered, T.app).inputs;
  const env = app.template.containers[0].env as { name: string; value?: unknown; secretRef?: string }[];
  return { app, env, secrets: (app.configuration.secrets ?? []) as { name: string; keyVaultUrl: string; identity: string }[] };
}

/** The Container App secret behind a variable: the vault secret its versioned URL names. */
function vaultSecretBehind(registered: Registered[], variable: string): string {
  const { env, secrets } = container(registered);
  const ref = env.find((e) => e.name === variable)?.secretRef;
  const secret = secrets.find((s) => s.name === ref);
  expect(secret?.identity).toBe(IDENTITY_ID);
  const match = /^https:\/\/(kv-entramcp-[0-9a-f]{12})\.vault\.azure\.net\/secrets\/([a-z-]+)\/[0-9a-f]{32}$/.exec(secret?.keyVaultUrl ?? '');
  if (match === null) throw new Error(`${variable}: no versioned Key Vault reference, got ${JSON.stringify(secret)}`);
  return match[2] as string;
}

describe('proxy mode on Azure (authMode: proxy)', () => {
  it('direct mode (the default) creates none of it', async () => {
    const { registered } = await deployServer({ image: IMAGE, maxReplicas: '3' });
    expect(ofType(registered, RANDOM)).toEqual([]);
    expect(ofType(registered, REDIS)).toEqual([]);
    expect(ofType(registered, T.secret).map((r) => r.inputs.secretName)).toEqual(['entra-mcp-client-secret']);
    expect(container(registered).app.configuration).not.toHaveProperty('secrets');
    expect(container(registered).env.map((e) => e.name)).not.toContain('MCP_AUTH_MODE');
  });

  it('with the managed identity: turns the mode on, names the identity, and reads the keys from Key Vault, never as plain values', async () => {
    const { registered } = await deploy();
    const { env, secrets } = container(registered);
    expect(env.slice(6)).toEqual([
      { name: 'MCP_AUTH_MODE', value: 'proxy' },
      { name: 'MCP_PROXY_TRUST_FORWARDED', value: 'true' },
      { name: 'AZURE_MANAGED_IDENTITY_CLIENT_ID', value: 'identity-client-id' },
      { name: 'MCP_PROXY_SIGNING_KEYS', secretRef: 'proxy-signing-keys' },
      { name: 'MCP_PROXY_COOKIE_KEYS', secretRef: 'proxy-cookie-keys' },
      { name: 'MCP_PROXY_ENCRYPTION_KEYS', secretRef: 'proxy-encryption-keys' },
    ]);
    // The server refuses ALLOWED_CLIENT_APPS without AZURE_CLIENT_ID in proxy mode: the program sets no list.
    expect(env.map((e) => e.name)).not.toContain('ALLOWED_CLIENT_APPS');
    expect(env.map((e) => e.name)).not.toContain('MCP_PROXY_CLIENT_SECRET');
    expect(secrets.map((s) => s.name)).toEqual(['proxy-signing-keys', 'proxy-cookie-keys', 'proxy-encryption-keys']);
    expect(vaultSecretBehind(registered, 'MCP_PROXY_SIGNING_KEYS')).toBe('entra-mcp-proxy-signing-keys');
    expect(vaultSecretBehind(registered, 'MCP_PROXY_COOKIE_KEYS')).toBe('entra-mcp-proxy-cookie-keys');
    expect(vaultSecretBehind(registered, 'MCP_PROXY_ENCRYPTION_KEYS')).toBe('entra-mcp-proxy-encryption-keys');
    for (const name of ['entra-mcp-proxy-signing-keys', 'entra-mcp-proxy-cookie-keys', 'entra-mcp-proxy-encryption-keys']) expect(vaultValue(registered, name).secret).toBe(true);
  });

  it('makes the keys from the stack\'s random bytes: one ES256 key with a kid, 32-byte cookie and encryption keys', async () => {
    const { registered } = await deploy();
    expect(ofType(registered, RANDOM).map((r) => [r.name, r.inputs])).toEqual([
      ['server-proxy-signing-key-g1', { length: 32 }], ['server-proxy-cookie-key-g1', { length: 32 }], ['server-proxy-encryption-key-g1', { length: 32 }],
    ]);
    const jwks = JSON.parse(vaultValue(registered, 'entra-mcp-proxy-signing-keys').value.value) as { keys: Record<string, string>[] };
    expect(jwks.keys).toEqual([await es256PrivateJwk(b64('server-proxy-signing-key-g1'))]);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(vaultValue(registered, 'entra-mcp-proxy-cookie-keys').value).toEqual({ value: b64('server-proxy-cookie-key-g1') });
    expect(vaultValue(registered, 'entra-mcp-proxy-encryption-keys').value).toEqual({ value: b64('server-proxy-encryption-key-g1') });
  });

  it('changes nothing on a second run with the same state (no new keys, no new revision)', async () => {
    const first = await deploy({ maxReplicas: '3' });
    const second = await deploy({ maxReplicas: '3' });
    for (const type of [RANDOM, T.secret, T.role, T.app, REDIS, REDIS_DB]) expect(byName(second.registered, type)).toEqual(byName(first.registered, type));
  });

  it('rotates with proxyKeysGeneration: the new keys first, the previous generation\'s still published after them', async () => {
    const { registered } = await deploy({ proxyKeysGeneration: '2' });
    expect(ofType(registered, RANDOM).map((r) => r.name)).toEqual([
      'server-proxy-signing-key-g2', 'server-proxy-signing-key-g1', 'server-proxy-cookie-key-g2', 'server-proxy-cookie-key-g1',
      'server-proxy-encryption-key-g2', 'server-proxy-encryption-key-g1',
    ]);
    const jwks = JSON.parse(vaultValue(registered, 'entra-mcp-proxy-signing-keys').value.value) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([(await es256PrivateJwk(b64('server-proxy-signing-key-g2'))).kid, (await es256PrivateJwk(b64('server-proxy-signing-key-g1'))).kid]);
    expect(vaultValue(registered, 'entra-mcp-proxy-encryption-keys').value.value).toBe(`${b64('server-proxy-encryption-key-g2')},${b64('server-proxy-encryption-key-g1')}`);
  });

  it('lets the identity read exactly the secrets it is handed (Key Vault Secrets User on each), and starts the app after the grants', async () => {
    const { registered, seen } = await deploy();
    const reads = ofType(registered, T.role).filter((r) => r.inputs.roleDefinitionId === SECRETS_USER);
    expect(reads.map((r) => [r.inputs.scope, r.inputs.principalId]).sort()).toEqual(
      ['proxy-cookie-keys', 'proxy-encryption-keys', 'proxy-signing-keys'].map((n) => [`${T.secret}/server-${n}`, MOCK.identityPrincipalId]));
    const dependsOn = seen.find((s) => s.type === T.app)?.opts.dependsOn as pulumi.Resource[];
    const grants = seen.filter((s) => s.type === T.role && s.name.endsWith('-reader')).map((s) => s.resource);
    expect(grants).toHaveLength(3);
    expect(dependsOn).toEqual(expect.arrayContaining(grants));
    for (const s of seen.filter((x) => x.type === T.secret)) expect((s.opts as pulumi.CustomResourceOptions).retainOnDelete).toBe(true);
  });

  it('parents the keys, the Redis cache and the grants to the deployment component', async () => {
    const { seen, component } = await deploy({ maxReplicas: '3' });
    const added = seen.filter((s) => [RANDOM, REDIS, REDIS_DB, T.secret, T.role].includes(s.type));
    expect(added.length).toBe(3 + 2 + 5 + 5);
    for (const s of added) expect(s.opts.parent).toBe(component);
  });

  it('with the client secret: hands it over by Key Vault reference, no identity variable', async () => {
    const { registered } = await deploy({ proxyCredential: 'secret' });
    const { env } = container(registered);
    expect(env.find((e) => e.name === 'MCP_PROXY_CLIENT_SECRET')).toEqual({ name: 'MCP_PROXY_CLIENT_SECRET', secretRef: 'proxy-client-secret' });
    expect(vaultSecretBehind(registered, 'MCP_PROXY_CLIENT_SECRET')).toBe('entra-mcp-client-secret');
    expect(env.map((e) => e.name)).not.toContain('AZURE_MANAGED_IDENTITY_CLIENT_ID');
    const scopes = ofType(registered, T.role).filter((r) => r.inputs.roleDefinitionId === SECRETS_USER).map((r) => r.inputs.scope);
    expect(scopes).toContain(`${T.secret}/server-client-secret`);
  });

  it('one replica keeps the store in memory; more share Azure Managed Redis over TLS, its URL in Key Vault', async () => {
    const single = await deploy({ maxReplicas: '1' });
    expect(ofType(single.registered, REDIS)).toEqual([]);
    expect(container(single.registered).env.map((e) => e.name)).not.toContain('MCP_PROXY_REDIS_URL');

    const { registered } = await deploy({ maxReplicas: '3' });
    expect(one(registered, REDIS).inputs).toMatchObject({ sku: { name: 'Balanced_B0' }, minimumTlsVersion: '1.2', location: 'westeurope' });
    expect(one(registered, REDIS_DB).inputs).toMatchObject({
      clusterName: 'server-redis9c0d', databaseName: 'default', clientProtocol: 'Encrypted', port: 10000, clusteringPolicy: 'EnterpriseCluster', accessKeysAuthentication: 'Enabled',
    });
    expect(vaultValue(registered, 'entra-mcp-proxy-redis-url')).toEqual({
      secret: true, value: { value: `rediss://:${encodeURIComponent(MOCK.redisKey)}@server-redis9c0d.westeurope.redis.azure.net:10000` },
    });
    expect(vaultSecretBehind(registered, 'MCP_PROXY_REDIS_URL')).toBe('entra-mcp-proxy-redis-url');
    expect(container(registered).env.some((e) => JSON.stringify(e).includes(MOCK.redisKey))).toBe(false);
  });
});
