import { join } from 'node:path';
import type { PasswordCredential } from '@microsoft/microsoft-graph-types';
import { readEnvFile, updateEnvFile } from '../shared/env-file.ts';
import { appRegistration } from '../registration/app-registration.ts';
import { accessTokenSource } from '../graph/access-token-source.ts';
import { errorJson, formatGraphScriptError } from '../graph/format-error.ts';
import { GraphScriptError } from '../graph/graph-script-error.ts';
import { credentialMode, graphFor, parseFlags, type ScriptIo } from '../graph/script-io.ts';
import { loadScriptSettings } from '../graph/script-settings.ts';
import { defaultCleanupPolicy } from './plan-password-cleanup.ts';
import { rotateSecret, type RotateSecretResult } from './rotate-secret.ts';
import { keyVaultScope } from './set-key-vault-secret.ts';

export const ROTATE_SECRET_HELP = `Usage: npm run rotate-secret -- [options]

Replaces the app registration's client secret without downtime: adds a new password, proves
it with a client-credentials token request, stores it in Key Vault (when KEY_VAULT_URL is set)
and in .env, and only then removes older passwords made by this tool.
Settings come from .env in the current directory, then the environment, then flags.

Options:
  --tenant <id>                 tenant GUID or domain (AZURE_TENANT_ID)
  --client-id <id>              the registration (AZURE_CLIENT_ID); else found by display name
  --graph-url <url>             Graph base URL (MICROSOFT_GRAPH_URL)
  --authority-host <url>        token endpoint host (AZURE_AUTHORITY_HOST)
  --auth <kind>                 azure-cli (default) or default (DefaultAzureCredential)
  --days <n>                    lifetime of the new secret (default ${appRegistration.clientSecret.lifetimeDays})
  --keep <n>                    passwords of ours to keep, the new one included (default ${defaultCleanupPolicy.keep})
  --grace-days <n>              remove an older password only once its replacement is n days old (default 0)
  --key-vault-url <url>         also store the secret in this vault (KEY_VAULT_URL)
  --key-vault-secret-name <n>   the vault secret's name (KEY_VAULT_SECRET_NAME, default entra-mcp-client-secret)
  --show-secret                 print the new secret (never printed otherwise)
  --dotenv <path>               the .env file to update (default ./.env)
  --dry-run                     print what would happen; change nothing
  --json                        print the result as JSON on stdout (progress goes to stderr)
  -h, --help                    this text
`;

function wholeNumber(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new GraphScriptError({ code: 'INVALID_SETTINGS', message: `${name} must be a whole number ≥ ${min}: ${JSON.stringify(value)}` });
  return n;
}

const brief = (p: PasswordCredential) => ({ displayName: p.displayName, keyId: p.keyId, hint: p.hint, endDateTime: p.endDateTime });

/** `npm run rotate-secret`. Returns the exit code; never calls `process.exit`. */
export async function runRotateSecret(argv: readonly string[], io: ScriptIo): Promise<number> {
  let json = argv.includes('--json');
  const progress = (line: string): void => (json ? io.stderr : io.stdout)(`${line}\n`);
  try {
    const values = parseFlags(argv, {
      tenant: { type: 'string' }, 'client-id': { type: 'string' }, 'graph-url': { type: 'string' }, 'authority-host': { type: 'string' },
      auth: { type: 'string' }, days: { type: 'string' }, keep: { type: 'string' }, 'grace-days': { type: 'string' },
      'key-vault-url': { type: 'string' }, 'key-vault-secret-name': { type: 'string' }, 'show-secret': { type: 'boolean' },
      dotenv: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    });
    json = values.json === true;
    if (values.help === true) {
      io.stdout(ROTATE_SECRET_HELP);
      return 0;
    }
    const envPath = values.dotenv ?? join(io.cwd, '.env');
    const dotenv = await readEnvFile(envPath);
    const settings = loadScriptSettings(dotenv, io.env, values);
    // Only its first 3 characters (the hint Graph shows) are used: to keep the password in use.
    const inUseHints = [io.env.AZURE_CLIENT_SECRET, dotenv.AZURE_CLIENT_SECRET].filter((s): s is string => (s ?? '').length >= 3).map((s) => s.slice(0, 3));
    const days = wholeNumber('--days', values.days, 1);
    const policy = { keep: wholeNumber('--keep', values.keep, 1) ?? defaultCleanupPolicy.keep, graceDays: wholeNumber('--grace-days', values['grace-days'], 0) ?? defaultCleanupPolicy.graceDays };
    const dryRun = values['dry-run'] === true;
    const now = io.now ?? (() => new Date());
    const { graph, tenantId } = graphFor(settings, io, progress);
    progress(`rotate-secret${dryRun ? ' (dry run: nothing will change)' : ''}: Graph ${settings.graphUrl}`);
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
      dryRun, days, policy, inUseHints, keyVault, now, fetch: io.fetch, sleep: io.sleep,
      saveEnv: ({ clientId, secret }) => updateEnvFile(envPath, { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: secret }),
      onStep: (line) => progress(line.startsWith('  ') ? line : `• ${line}`),
    });
    const show = values['show-secret'] === true;
    if (json) io.stdout(`${JSON.stringify(resultJson(result, tenant, envPath, show), null, 2)}\n`);
    else io.stdout(`${summary(result, tenant, envPath, show).join('\n')}\n`);
    return 0;
  } catch (error) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    io.stderr(`${formatGraphScriptError(error).join('\n')}\n`);
    return 1;
  }
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

function summary(result: RotateSecretResult, tenantId: string, envPath: string, show: boolean): string[] {
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
  return lines;
}
