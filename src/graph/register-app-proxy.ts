/**
 * `npm run register-app` in proxy mode (docs/proxy-mode.md), without Pulumi: the server's
 * callback on the Web platform, its credential (a client secret, or a federated credential
 * trusting a user-assigned managed identity), and the `.env` lines the server reads.
 */
import { isGuid } from '../../server/src/entra/guid.ts';
import { managedIdentityFederatedCredential, proxyCallbackRedirectUri, type FederatedCredentialDescription } from '../registration/proxy-mode-registration.ts';
import { findManagedIdentity, type ManagedIdentity } from './find-managed-identity.ts';
import type { GraphApi } from './graph-client.ts';
import { GraphScriptError } from './graph-script-error.ts';
import { missingProxyKeys, PROXY_KEY_NAMES } from './proxy-env-keys.ts';
import type { RegisterAppResult } from './register-app.ts';
import type { ScriptSettings } from './script-settings.ts';

/** What a proxy-mode run adds to register-app, settled before anything is changed. */
export interface ProxyRun {
  /** `MCP_PUBLIC_URL`'s origin. */
  readonly publicUrl: string;
  /** `${publicUrl}/oauth/callback`, the Web redirect URI. */
  readonly callbackUri: string;
  readonly managedIdentity?: ManagedIdentity;
  readonly federatedCredential?: FederatedCredentialDescription;
  /** A client secret is the credential and `.env` holds none yet: register-app adds one. */
  readonly wantsSecret: boolean;
}

const usage = (key: string, message: string, advice: string[]) => new GraphScriptError({ code: 'INVALID_SETTINGS', message: `${key} ${message}`, advice });

/**
 * Checks the proxy settings and, with a managed identity, looks it up (reads only), so a
 * wrong flag stops the run before any change. Undefined when the mode is `direct`.
 */
export async function prepareProxyRun(
  settings: ScriptSettings,
  context: { managedIdentityFlag: boolean; envHas: (name: string) => boolean; graph: GraphApi; tenantId: () => Promise<string | undefined>; progress: (line: string) => void },
): Promise<ProxyRun | undefined> {
  if (settings.authMode !== 'proxy') {
    if (context.managedIdentityFlag) throw usage('--managed-identity', 'is the credential of proxy mode only', ['Add --auth-mode proxy (or set MCP_AUTH_MODE=proxy), or leave --managed-identity out.']);
    return undefined;
  }
  if (settings.mcpResource === undefined) {
    throw usage('--public-url', "is required with --auth-mode proxy: Entra sends people back to the server's own callback, ${MCP_PUBLIC_URL}/oauth/callback", [
      'Pass --public-url https://mcp.example.com (the https origin MCP clients use), or set MCP_PUBLIC_URL in .env or the environment.',
    ]);
  }
  const publicUrl = new URL(settings.mcpResource).origin;
  const callbackUri = proxyCallbackRedirectUri(publicUrl).uri;
  if (settings.managedIdentityClientId === undefined) return { publicUrl, callbackUri, wantsSecret: !context.envHas('MCP_PROXY_CLIENT_SECRET') };
  const tenant = await context.tenantId();
  if (tenant === undefined || !isGuid(tenant)) {
    throw usage('AZURE_TENANT_ID', 'must be known as a GUID for the federated credential\'s issuer', ['Pass --tenant <tenant GUID> or set AZURE_TENANT_ID.']);
  }
  context.progress(`• looking up the managed identity ${settings.managedIdentityClientId}`);
  const managedIdentity = await findManagedIdentity(context.graph, settings.managedIdentityClientId);
  context.progress(`• found "${managedIdentity.displayName ?? '(no name)'}", principal id ${managedIdentity.principalId}`);
  const federatedCredential = managedIdentityFederatedCredential({ authorityHost: settings.authorityHost, tenantId: tenant, principalId: managedIdentity.principalId });
  return { publicUrl, callbackUri, managedIdentity, federatedCredential, wantsSecret: false };
}

/**
 * The `.env` lines proxy mode needs that are missing or different. Keys are generated only when
 * absent from both `.env` and the environment (a re-run never rotates them). A secret made by this
 * run goes to `MCP_PROXY_CLIENT_SECRET`; with none made, a configured `AZURE_CLIENT_SECRET` that is
 * one of the registration's secrets (by Graph's hint) is reused.
 */
export async function proxyEnvUpdates(proxy: ProxyRun, result: RegisterAppResult, env: { file: Readonly<Record<string, string>>; process: Readonly<Record<string, string | undefined>> }): Promise<Record<string, string>> {
  const has = (name: string) => (env.file[name] ?? env.process[name] ?? '').trim() !== '';
  const updates: Record<string, string> = { MCP_AUTH_MODE: 'proxy', MCP_PUBLIC_URL: proxy.publicUrl };
  if (proxy.managedIdentity !== undefined) updates.AZURE_MANAGED_IDENTITY_CLIENT_ID = proxy.managedIdentity.clientId;
  else if (proxy.wantsSecret && result.secret?.secretText != null) updates.MCP_PROXY_CLIENT_SECRET = result.secret.secretText;
  else if (proxy.wantsSecret) {
    const configured = env.file.AZURE_CLIENT_SECRET;
    if (configured !== undefined && result.existingSecrets.some((s) => s.hint != null && configured.startsWith(s.hint))) updates.MCP_PROXY_CLIENT_SECRET = configured;
  }
  if (!result.dryRun) Object.assign(updates, await missingProxyKeys(has));
  return updates;
}

/** Values never printed: the summary shows what each is, not what it holds. */
export const SECRET_ENV_KEYS: ReadonlySet<string> = new Set(['AZURE_CLIENT_SECRET', 'MCP_PROXY_CLIENT_SECRET', ...PROXY_KEY_NAMES]);

/** How the summary shows a `.env` line it wrote: secrets and keys by what they are, never by value. */
export function envLine(key: string, value: string): string {
  if (key === 'AZURE_CLIENT_SECRET' || key === 'MCP_PROXY_CLIENT_SECRET') return `${key}=<secret, hint ${value.slice(0, 3)}…>`;
  if (key === 'MCP_PROXY_SIGNING_KEYS') return `${key}=<new JWKS: one private ES256 key>`;
  if (key === 'MCP_PROXY_COOKIE_KEYS') return `${key}=<new random key>`;
  return `${key}=${value}`;
}

/** The lines after the summary: what proxy mode still needs, on this machine and on a host. */
export function proxyNextSteps(proxy: ProxyRun, updates: Readonly<Record<string, string>>, dryRun: boolean): string[] {
  const lines = ['', `Proxy mode: Entra returns to ${proxy.callbackUri} (Web platform: the server redeems codes as a confidential client).`];
  if (proxy.managedIdentity !== undefined) {
    lines.push(`  credential: federated, trusting the managed identity ${proxy.managedIdentity.clientId} (principal ${proxy.managedIdentity.principalId}); no client secret.`);
  } else if (updates.MCP_PROXY_CLIENT_SECRET === undefined && proxy.wantsSecret && !dryRun) {
    lines.push('  credential: the registration already has a client secret from this tool, and Graph never returns one twice:', '  run npm run rotate-secret to make a new one; it writes MCP_PROXY_CLIENT_SECRET to .env.');
  } else {
    lines.push(`  credential: the client secret in MCP_PROXY_CLIENT_SECRET${proxy.wantsSecret ? '' : ' (already in .env, kept)'}.`);
  }
  if (dryRun) return [...lines, '  .env would get MCP_AUTH_MODE, MCP_PUBLIC_URL, the credential and, where absent, MCP_PROXY_SIGNING_KEYS and MCP_PROXY_COOKIE_KEYS.'];
  const credential = proxy.managedIdentity !== undefined ? 'AZURE_MANAGED_IDENTITY_CLIENT_ID' : 'MCP_PROXY_CLIENT_SECRET (as a secret)';
  lines.push(
    'Next:',
    '  npm start                     # reads .env: the server is now the authorization server its MCP clients see',
    `  on a host, set MCP_AUTH_MODE, MCP_PUBLIC_URL, ${credential}, MCP_PROXY_SIGNING_KEYS and MCP_PROXY_COOKIE_KEYS from .env`,
    '  (Container Apps: az containerapp secret set, then env vars with secretref:). Keep the keys: new ones sign everyone out.',
    '  Several replicas: the same keys on each, plus MCP_PROXY_REDIS_URL and MCP_PROXY_ENCRYPTION_KEYS (docs/proxy-mode.md).',
  );
  if (proxy.managedIdentity !== undefined) lines.push('  The server must run as that user-assigned identity (assign it to the Container App).');
  return lines;
}
