import { calculateJwkThumbprint, type JWK } from 'jose';
import { createECDH } from 'node:crypto';
import type { ProxySettings } from './settings.ts';

/**
 * Pure: what proxy mode (docs/proxy-mode.md) puts on Azure besides the registration's
 * callback: the server's variables, the Key Vault secrets they come from, and its keys
 * derived from stable random bytes (made once by `@pulumi/random`, kept in the stack's state).
 */

/** Azure Managed Redis serves TLS on this port (https://learn.microsoft.com/azure/redis/architecture). */
export const REDIS_PORT = 10000;

/** One secret the Container App reads from Key Vault: its Key Vault name, its Container App secret name, the variable. */
export interface ProxySecret {
  readonly vaultName: string;
  readonly appName: string;
  readonly env: string;
}

/** The three key sets, each rotated by `proxyKeysGeneration`. */
export const PROXY_KEY_SECRETS = {
  signing: { vaultName: 'entra-mcp-proxy-signing-keys', appName: 'proxy-signing-keys', env: 'MCP_PROXY_SIGNING_KEYS' },
  cookie: { vaultName: 'entra-mcp-proxy-cookie-keys', appName: 'proxy-cookie-keys', env: 'MCP_PROXY_COOKIE_KEYS' },
  encryption: { vaultName: 'entra-mcp-proxy-encryption-keys', appName: 'proxy-encryption-keys', env: 'MCP_PROXY_ENCRYPTION_KEYS' },
} as const satisfies Record<string, ProxySecret>;

/** The Redis URL (several replicas), and the client secret (`proxyCredential: secret`; its vault secret already exists). */
export const PROXY_REDIS_SECRET: ProxySecret = { vaultName: 'entra-mcp-proxy-redis-url', appName: 'proxy-redis-url', env: 'MCP_PROXY_REDIS_URL' };
export const PROXY_CLIENT_SECRET_APP_NAME = 'proxy-client-secret';
export const PROXY_CLIENT_SECRET_ENV = 'MCP_PROXY_CLIENT_SECRET';

/** Each key is this many random bytes: an AES-256 key, a P-256 private scalar, a cookie key (44 base64 characters). */
export const KEY_BYTES = 32;

/**
 * The generations whose keys exist: the current one first (it signs and seals), then the
 * previous one (still verifies tokens and opens what it sealed), so a rotation keeps live
 * tokens and grants. Generation 1 has no predecessor.
 */
export function keyGenerations(generation: number): number[] {
  return generation > 1 ? [generation, generation - 1] : [generation];
}

/** Several replicas share one store: Azure Managed Redis; one replica keeps it in memory. */
export function needsRedis(maxReplicas: number): boolean {
  return maxReplicas > 1;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A private ES256 JWK from 32 random bytes (the scalar `d`; the public point computed by
 * node:crypto), its `kid` the RFC 7638 thumbprint, so the same bytes always give the same key.
 */
export async function es256PrivateJwk(dBase64: string): Promise<JWK> {
  const d = Buffer.from(dBase64, 'base64');
  if (d.length !== KEY_BYTES) throw new Error(`an ES256 private key needs ${KEY_BYTES} bytes, got ${d.length}`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  // Uncompressed point: 0x04 || x || y (SEC 1 §2.3.3).
  const point = ecdh.getPublicKey();
  const jwk: JWK = { kty: 'EC', crv: 'P-256', x: base64url(point.subarray(1, 33)), y: base64url(point.subarray(33, 65)) };
  return { ...jwk, d: base64url(d), kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

/** `MCP_PROXY_SIGNING_KEYS`: a JWKS, the current generation's key first (it signs). */
export async function signingJwks(dBase64Newest: readonly string[]): Promise<string> {
  return JSON.stringify({ keys: await Promise.all(dBase64Newest.map(es256PrivateJwk)) });
}

/** `MCP_PROXY_COOKIE_KEYS` / `MCP_PROXY_ENCRYPTION_KEYS`: base64 keys, comma separated, newest first. */
export function keyList(base64Newest: readonly string[]): string {
  return base64Newest.join(',');
}

/** `MCP_PROXY_REDIS_URL`: TLS (`rediss`), the access key as the password of the default user. */
export function redisUrl(hostName: string, accessKey: string): string {
  return `rediss://:${encodeURIComponent(accessKey)}@${hostName}:${REDIS_PORT}`;
}

/** The Key Vault secrets the Container App reads in proxy mode, besides the client secret. */
export function proxyVaultSecrets(maxReplicas: number): ProxySecret[] {
  return [...Object.values(PROXY_KEY_SECRETS), ...(needsRedis(maxReplicas) ? [PROXY_REDIS_SECRET] : [])];
}

/**
 * The plain variables of proxy mode. The server refuses `ALLOWED_CLIENT_APPS` without
 * `AZURE_CLIENT_ID` in proxy mode; the program sets no list, so every Entra client that
 * passes the tenant and scope checks stays allowed, the proxy included.
 */
export function proxyPlainEnvironment<T>(proxy: ProxySettings, identityClientId: T): { name: string; value: T | string }[] {
  return [
    { name: 'MCP_AUTH_MODE', value: 'proxy' },
    // Container Apps ingress terminates TLS and sets X-Forwarded-*.
    { name: 'MCP_PROXY_TRUST_FORWARDED', value: 'true' },
    // The identity whose token the server exchanges for the app's (client_assertion).
    ...(proxy.credential === 'managedIdentity' ? [{ name: 'AZURE_MANAGED_IDENTITY_CLIENT_ID', value: identityClientId }] : []),
  ];
}
