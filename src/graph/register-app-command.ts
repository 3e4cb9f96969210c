import { join } from 'node:path';
import { readEnvFile, updateEnvFile } from '../shared/env-file.ts';
import { forgetLocalAuthority, withoutLocalStack } from '../shared/local-authority.ts';
import { appRegistration, fullScope, identifierUri } from '../registration/app-registration.ts';
import { errorJson, formatGraphScriptError } from './format-error.ts';
import { GraphScriptError } from './graph-script-error.ts';
import { registerApp, type RegisterAppResult } from './register-app.ts';
import { graphFor, parseFlags, type ScriptIo } from './script-io.ts';
import { loadScriptSettings } from './script-settings.ts';

export const REGISTER_APP_HELP = `Usage: npm run register-app -- [options]

Creates or updates the Entra app registration through Microsoft Graph so it matches
src/registration/app-registration.ts, then writes AZURE_TENANT_ID and AZURE_CLIENT_ID to .env.
Settings come from .env in the current directory, then the environment, then flags.

Options:
  --tenant <id>          tenant GUID or domain (AZURE_TENANT_ID)
  --client-id <id>       the registration to update (AZURE_CLIENT_ID); else found by display name
  --graph-url <url>      Graph base URL (MICROSOFT_GRAPH_URL, default https://graph.microsoft.com)
  --auth <kind>          azure-cli (default) or default (DefaultAzureCredential); MICROSOFT_GRAPH_TOKEN wins
  --write-secret         add a client secret if the registration has none, and write it to .env
  --show-secret          print that secret (it is never printed otherwise)
  --secret-days <n>      secret lifetime in days (default ${appRegistration.clientSecret.lifetimeDays})
  --power-platform-connector
                         add the Web redirect URIs a Power Platform custom connector needs
                         (POWER_PLATFORM_CONNECTOR=true; kept in .env so later runs keep them)
  --power-platform-connector-redirect-uri <uri>
                         the connector's own https://<region>.consent.azure-apim.net/redirect/... URI
  --dotenv <path>        the .env file to read and write (default ./.env)
  --dry-run              print what would change; change nothing, write nothing
  --json                 print the result as JSON on stdout (progress goes to stderr)
  -h, --help             this text
`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new GraphScriptError({ code: 'INVALID_SETTINGS', message: `${name} must be a positive whole number: ${JSON.stringify(value)}` });
  return n;
}

/**
 * `npm run register-app`: parses flags, runs `registerApp`, prints steps and the summary,
 * writes `.env`. Returns the exit code; never calls `process.exit` (tests run it in-process).
 */
export async function runRegisterApp(argv: readonly string[], io: ScriptIo): Promise<number> {
  let json = argv.includes('--json');
  const progress = (line: string): void => (json ? io.stderr : io.stdout)(`${line}\n`);
  try {
    const values = parseFlags(argv, {
      tenant: { type: 'string' }, 'client-id': { type: 'string' }, 'graph-url': { type: 'string' }, auth: { type: 'string' },
      'write-secret': { type: 'boolean' }, 'show-secret': { type: 'boolean' }, 'secret-days': { type: 'string' },
      dotenv: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'power-platform-connector': { type: 'boolean' }, 'power-platform-connector-redirect-uri': { type: 'string' },
    });
    json = values.json === true;
    if (values.help === true) {
      io.stdout(REGISTER_APP_HELP);
      return 0;
    }
    const envPath = values.dotenv ?? join(io.cwd, '.env');
    const fileEnv = await readEnvFile(envPath);
    // Ids `npm run dev` wrote for the local tenant mean nothing to a real one.
    const dotenv = withoutLocalStack(fileEnv);
    const settings = loadScriptSettings(dotenv, io.env, values);
    const secretDays = positiveInt('--secret-days', values['secret-days']);
    const dryRun = values['dry-run'] === true;
    const writeSecret = values['write-secret'] === true;
    const showSecret = values['show-secret'] === true;
    const { graph, tenantId } = graphFor(settings, io, progress);
    const now = io.now ?? (() => new Date());
    progress(`register-app${dryRun ? ' (dry run: nothing will change)' : ''}: Graph ${settings.graphUrl}`);
    const result = await registerApp(graph, {
      description: appRegistration, clientId: settings.clientId, tenantId: settings.tenantId, dryRun,
      createSecret: writeSecret || showSecret, secretDays, powerPlatform: settings.powerPlatform, now, onStep: (line) => progress(`• ${line}`),
      // Saved at once: should a later step fail, the re-run finds this application by its id,
      // where a display-name search might not list it yet (eventual consistency).
      // Not fatal: the registration goes on, and the final write reports a lasting problem.
      onCreated: async (app) => {
        const tenant = await tenantId();
        await updateEnvFile(envPath, { ...(tenant === undefined ? {} : { AZURE_TENANT_ID: tenant }), AZURE_CLIENT_ID: app.appId ?? undefined }).catch(
          (error: unknown) => progress(`  could not save AZURE_CLIENT_ID=${app.appId} to ${envPath} yet: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    });
    const tenant = await tenantId();
    const updates: Record<string, string> = {};
    if (tenant !== undefined) updates.AZURE_TENANT_ID = tenant;
    updates.AZURE_CLIENT_ID = result.clientId;
    if (writeSecret && result.secret?.secretText != null) updates.AZURE_CLIENT_SECRET = result.secret.secretText;
    // Remembered, so a later run without the flags does not take the connector's URIs away.
    if (settings.powerPlatform.enabled) updates.POWER_PLATFORM_CONNECTOR = 'true';
    if (settings.powerPlatform.connectorRedirectUri !== undefined) updates.POWER_PLATFORM_CONNECTOR_REDIRECT_URI = settings.powerPlatform.connectorRedirectUri;
    const forget = forgetLocalAuthority(fileEnv);
    const envChanged = Object.entries(updates).some(([k, v]) => fileEnv[k] !== v) || 'AZURE_AUTHORITY_HOST' in forget;
    if (!dryRun && envChanged) {
      await updateEnvFile(envPath, { ...forget, ...updates }).catch((error: unknown) => {
        throw new GraphScriptError({
          code: 'ENV_FILE_ERROR',
          message: `the registration is done, but ${envPath} could not be written: ${error instanceof Error ? error.message : String(error)}`,
          advice: [
            `Save AZURE_CLIENT_ID=${result.clientId}${updates.AZURE_TENANT_ID === undefined ? '' : ` and AZURE_TENANT_ID=${updates.AZURE_TENANT_ID}`} yourself, or fix the path (--dotenv) and run again: nothing else will change.`,
            // The secret is never printed unasked, so it is lost; the rotation makes and saves a new one.
            ...(updates.AZURE_CLIENT_SECRET === undefined ? [] : ['The new client secret could not be saved: once .env is writable, npm run rotate-secret makes a new one and saves it.']),
          ],
          cause: error,
        });
      });
    }
    const envState = dryRun ? 'not written (dry run)' : envChanged ? `written to ${envPath} (mode 0600)` : `${envPath} already up to date`;
    if (json) {
      io.stdout(`${JSON.stringify(resultJson(result, tenant, envPath, envState, showSecret), null, 2)}\n`);
    } else {
      io.stdout(summary(result, tenant, updates, envState, { showSecret, writeSecret }).join('\n') + '\n');
    }
    return 0;
  } catch (error) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: errorJson(error) }, null, 2)}\n`);
    io.stderr(`${formatGraphScriptError(error).join('\n')}\n`);
    return 1;
  }
}

function resultJson(result: RegisterAppResult, tenantId: string | undefined, envPath: string, envState: string, showSecret: boolean): Record<string, unknown> {
  const secret = result.secret;
  return {
    ok: true,
    dryRun: result.dryRun,
    foundBy: result.foundBy,
    tenantId,
    clientId: result.clientId,
    objectId: result.objectId,
    identifierUri: identifierUri(result.clientId),
    scope: fullScope(result.clientId),
    changes: result.changes.map((c) => ({ step: c.step, summary: c.summary })),
    secret: secret === undefined ? null : { displayName: secret.displayName, keyId: secret.keyId, hint: secret.hint, endDateTime: secret.endDateTime, ...(showSecret ? { secretText: secret.secretText } : {}) },
    secretNote: result.secretNote ?? null,
    existingSecrets: result.existingSecrets.map((e) => ({ displayName: e.displayName, keyId: e.keyId, hint: e.hint, endDateTime: e.endDateTime })),
    envFile: { path: envPath, state: envState },
  };
}

function summary(result: RegisterAppResult, tenantId: string | undefined, updates: Record<string, string>, envState: string, flags: { showSecret: boolean; writeSecret: boolean }): string[] {
  const lines = [''];
  const n = result.changes.length + (result.secret === undefined ? 0 : 1);
  if (n === 0) lines.push('No changes: the registration already matches the description.');
  else lines.push(result.dryRun ? `Dry run: ${n} change(s) would be made; nothing was changed.` : `Done: ${n} change(s) made.`);
  lines.push('', 'Values to save:');
  lines.push(`  tenant id       ${tenantId ?? '(unknown: pass --tenant)'}`);
  lines.push(`  client id       ${result.clientId}`);
  if (result.objectId !== undefined) lines.push(`  object id       ${result.objectId}`);
  lines.push(`  identifier URI  ${identifierUri(result.clientId)}`);
  lines.push(`  scope           ${fullScope(result.clientId)}`);
  const s = result.secret;
  if (s !== undefined) {
    lines.push(`  client secret   "${s.displayName}", hint ${s.hint}…, expires ${s.endDateTime}`);
    if (flags.showSecret) lines.push(`  secret value    ${s.secretText} (shown once: Graph never returns it again)`);
  } else if (result.secretNote !== undefined) {
    lines.push(`  client secret   not added: ${result.secretNote}`);
  } else if (result.existingSecrets.length > 0) {
    for (const e of result.existingSecrets) lines.push(`  client secret   existing "${e.displayName}", hint ${e.hint}…, expires ${e.endDateTime}`);
  } else if (!result.dryRun) {
    lines.push('  client secret   not added (pass --write-secret to add one and save it in .env)');
  }
  lines.push('', `.env: ${envState}`);
  for (const [key, value] of Object.entries(updates)) lines.push(`  ${key}=${key === 'AZURE_CLIENT_SECRET' ? `<secret, hint ${value.slice(0, 3)}…>` : value}`);
  return lines;
}
