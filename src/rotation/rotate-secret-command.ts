import type { PasswordCredential } from '@microsoft/microsoft-graph-types';
import { EXIT } from '../cli/command-error.ts';
import type { CommandIo } from '../cli/command-io.ts';
import type { CommandSpec, FlagSpecs } from '../cli/define-command.ts';
import { runCommand } from '../cli/run-command.ts';
import { updateEnvFile } from '../shared/env-file.ts';
import { appRegistration } from '../registration/app-registration.ts';
import { accessTokenSource } from '../graph/access-token-source.ts';
import { GRAPH_COMMAND_FLAGS, positiveInt } from '../graph/graph-command-flags.ts';
import { credentialMode } from '../graph/graph-for.ts';
import { GraphScriptError } from '../graph/graph-script-error.ts';
import { openGraphCommand } from '../graph/open-graph-command.ts';
import { defaultCleanupPolicy } from './plan-password-cleanup.ts';
import { rotateSecret, type RotateSecretResult } from './rotate-secret.ts';
import { keyVaultScope } from './set-key-vault-secret.ts';

export const rotateSecretSpec = {
  name: 'npm run rotate-secret',
  summary: 'Replaces the client secret without downtime.',
  details: `Adds a new password, proves it with a client-credentials token request (the token must be
signed by the authority's published keys, for this client and tenant), stores it in Key Vault
(when KEY_VAULT_URL is set) and in .env, and only then removes older passwords made by this tool.
Settings come from .env in the current directory, then the environment, then flags. The ids
npm run dev left in .env (local stack) are ignored. The secret goes only to a Microsoft
authority host (or one named by --allow-authority-host).`,
  json: true,
  flags: {
    ...GRAPH_COMMAND_FLAGS,
    days: { type: 'string', valueName: 'n', description: `lifetime of the new secret in days (default ${appRegistration.clientSecret.lifetimeDays})` },
    keep: { type: 'string', valueName: 'n', description: `passwords of ours to keep, the new one included (default ${defaultCleanupPolicy.keep})` },
    'grace-days': { type: 'string', valueName: 'n', description: 'remove an older password only once its replacement is n days old (default 0)' },
    'key-vault-url': { type: 'string', valueName: 'url', description: 'also store the secret in this vault (KEY_VAULT_URL)' },
    'allow-key-vault-host': { type: 'string', multiple: true, valueName: 'host', description: 'let KEY_VAULT_URL name this host although it is not an Azure Key Vault: the new secret goes there' },
    'key-vault-secret-name': { type: 'string', valueName: 'name', description: 'the vault secret\'s name (KEY_VAULT_SECRET_NAME, default entra-mcp-client-secret)' },
    'show-secret': { type: 'boolean', description: 'print the new secret (never printed otherwise)' },
    'dry-run': { type: 'boolean', description: 'print what would happen; change nothing' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

const brief = (p: PasswordCredential) => ({ displayName: p.displayName, keyId: p.keyId, hint: p.hint, endDateTime: p.endDateTime });

/** `npm run rotate-secret`. Returns the exit status; never calls `process.exit`. */
export function runRotateSecret(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand(rotateSecretSpec, argv, io, async (ctx) => {
    const { values, progress, json } = ctx;
    const days = positiveInt('--days', values.days, 1);
    const policy = { keep: positiveInt('--keep', values.keep, 1) ?? defaultCleanupPolicy.keep, graceDays: positiveInt('--grace-days', values['grace-days'], 0) ?? defaultCleanupPolicy.graceDays };
    const dryRun = values['dry-run'] === true;
    const { envPath, dotenv, forget, settings, graph, tenantId } = await openGraphCommand(ctx, 'rotate-secret', dryRun);
    // Only its first 3 characters (the hint Graph shows) are used: to keep the password in use.
    const inUseHints = [io.env.AZURE_CLIENT_SECRET, dotenv.AZURE_CLIENT_SECRET, io.env.MCP_PROXY_CLIENT_SECRET, dotenv.MCP_PROXY_CLIENT_SECRET].filter((s): s is string => (s ?? '').length >= 3).map((s) => s.slice(0, 3));
    const now = io.now ?? (() => new Date());
    // Proxy mode redeems Entra's codes with the same registration's secret (docs/proxy-mode.md):
    // keep its copy in step, or the old secret's removal would break every sign-in. Also when
    // register-app set up proxy mode but could not add a secret (one existed), and no managed identity stands in.
    const proxySecret = dotenv.MCP_PROXY_CLIENT_SECRET !== undefined || (settings.authMode === 'proxy' && settings.managedIdentityClientId === undefined);
    const tenant = await tenantId();
    if (tenant === undefined) throw new GraphScriptError({ code: 'INVALID_SETTINGS', message: 'AZURE_TENANT_ID is needed for the token request that proves the new secret', advice: ['Set AZURE_TENANT_ID in .env or pass --tenant.'] });
    // Key Vault needs its own token: MICROSOFT_GRAPH_TOKEN is for Graph only, so the vault always uses the credential.
    const vaultUrl = settings.keyVaultUrl;
    const keyVault = vaultUrl === undefined ? undefined : {
      url: vaultUrl,
      name: settings.keyVaultSecretName,
      getAccessToken: accessTokenSource(credentialMode(settings, tenant), keyVaultScope(vaultUrl)),
    };
    const result = await rotateSecret(graph, {
      description: appRegistration, clientId: settings.clientId, tenantId: tenant, authorityHost: settings.authorityHost,
      dryRun, days, policy, inUseHints, keyVault, now, fetch: io.fetch, sleep: io.sleep, signal: io.signal,
      saveEnv: ({ clientId, secret }) => updateEnvFile(envPath, { ...forget, AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret, ...(proxySecret ? { MCP_PROXY_CLIENT_SECRET: secret } : {}) }),
      onStep: (line) => progress(line.startsWith('  ') ? line : `• ${line}`),
    });
    const show = values['show-secret'] === true;
    if (json) io.stdout(`${JSON.stringify(resultJson(result, tenant, envPath, show), null, 2)}\n`);
    else io.stdout(`${summary(result, tenant, envPath, show, proxySecret).join('\n')}\n`);
    return EXIT.ok;
  });
}

function resultJson(result: RotateSecretResult, tenantId: string, envPath: string, show: boolean): Record<string, unknown> {
  const added = result.added;
  return {
    ok: true,
    dryRun: result.dryRun,
    tenantId,
    clientId: result.clientId,
    objectId: result.objectId,
    added: added === undefined ? null : { ...brief(added), ...(show ? { secretText: added.secretText } : {}) },
    removed: result.removed.map(brief),
    kept: result.kept.map(brief),
    untouched: result.foreign.map(brief),
    keyVaultSecretId: result.keyVaultSecretId ?? null,
    envFile: { path: envPath, written: !result.dryRun },
  };
}

function summary(result: RotateSecretResult, tenantId: string, envPath: string, show: boolean, proxySecret: boolean): string[] {
  const lines = [''];
  const a = result.added;
  if (a === undefined) {
    lines.push('Dry run: nothing was changed.');
    return lines;
  }
  lines.push(`Rotated: new secret "${a.displayName}", hint ${a.hint}…, expires ${a.endDateTime}`);
  if (show) lines.push(`  secret value  ${a.secretText} (shown once: Graph never returns it again)`);
  lines.push(`  removed       ${result.removed.length === 0 ? '(none)' : result.removed.map((p) => `"${p.displayName}" (hint ${p.hint}…)`).join(', ')}`);
  lines.push(`  kept          ${result.kept.map((p) => `"${p.displayName}" (hint ${p.hint}…)`).join(', ')}`);
  if (result.foreign.length > 0) lines.push(`  not ours      ${result.foreign.map((p) => `"${p.displayName}"`).join(', ')} (left alone)`);
  if (result.keyVaultSecretId !== undefined) lines.push(`  Key Vault     ${result.keyVaultSecretId}`);
  lines.push('', `.env: written to ${envPath} (mode 0600)`);
  lines.push(`  AZURE_TENANT_ID=${tenantId}`, `  AZURE_CLIENT_ID=${result.clientId}`, `  AZURE_CLIENT_SECRET=<secret, hint ${a.hint}…>`);
  if (proxySecret) lines.push(`  MCP_PROXY_CLIENT_SECRET=<the same secret> (proxy mode: restart the server to use it)`);
  return lines;
}
