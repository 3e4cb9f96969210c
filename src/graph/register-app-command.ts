import { EXIT } from '../cli/command-error.ts';
import type { CommandIo } from '../cli/command-io.ts';
import type { CommandSpec, FlagSpecs } from '../cli/define-command.ts';
import { runCommand } from '../cli/run-command.ts';
import { updateEnvFile } from '../shared/env-file.ts';
import { appRegistration, fullScope, identifierUri } from '../registration/app-registration.ts';
import { GraphScriptError } from './graph-script-error.ts';
import { openGraphCommand } from './open-graph-command.ts';
import { registerApp, type RegisterAppResult } from './register-app.ts';
import { GRAPH_COMMAND_FLAGS, positiveInt } from './graph-command-flags.ts';
import { envLine, prepareProxyRun, proxyEnvUpdates, proxyNextSteps, type ProxyRun } from './register-app-proxy.ts';

export const registerAppSpec = {
  name: 'npm run register-app',
  summary: 'Creates or updates the Entra app registration through Microsoft Graph.',
  details: `It makes the registration match src/registration/app-registration.ts, then writes
AZURE_TENANT_ID and AZURE_CLIENT_ID to .env. Settings come from .env in the current directory,
then the environment, then flags. The ids npm run dev left in .env (local stack) are ignored.`,
  json: true,
  flags: {
    ...GRAPH_COMMAND_FLAGS,
    'write-secret': { type: 'boolean', description: 'add a client secret if the registration has none, and write it to .env' },
    'show-secret': { type: 'boolean', description: 'print that secret (it is never printed otherwise)' },
    'secret-days': { type: 'string', valueName: 'n', description: `secret lifetime in days (default ${appRegistration.clientSecret.lifetimeDays})` },
    'power-platform-connector': { type: 'boolean', description: 'add the Web redirect URIs a Power Platform custom connector needs (POWER_PLATFORM_CONNECTOR=true; kept in .env)' },
    'power-platform-connector-redirect-uri': { type: 'string', valueName: 'uri', description: "the connector's own https://<region>.consent.azure-apim.net/redirect/... URI" },
    'mcp-url': { type: 'string', valueName: 'url', description: "the MCP server's public https origin (MCP_PUBLIC_URL): its /mcp is added as an identifier URI where the tenant allows" },
    'public-url': { type: 'string', valueName: 'url', description: 'the same as --mcp-url (MCP_PUBLIC_URL); proxy mode adds its /oauth/callback as a Web redirect URI' },
    'auth-mode': { type: 'string', valueName: 'mode', description: 'direct (default) or proxy (MCP_AUTH_MODE; kept in .env): the server as its clients\' authorization server, docs/proxy-mode.md' },
    'managed-identity': { type: 'string', valueName: 'client-id', description: "proxy mode without a secret: a user-assigned managed identity's client id, trusted by a federated credential (AZURE_MANAGED_IDENTITY_CLIENT_ID)" },
    'dry-run': { type: 'boolean', description: 'print what would change; change nothing, write nothing' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/**
 * `npm run register-app`: runs `registerApp`, prints steps and the summary, writes `.env`.
 * Returns the exit status; never calls `process.exit` (tests run it in-process).
 */
export function runRegisterApp(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand(registerAppSpec, argv, io, async (ctx) => {
    const { values, progress, json } = ctx;
    const secretDays = positiveInt('--secret-days', values['secret-days']);
    const dryRun = values['dry-run'] === true;
    const writeSecret = values['write-secret'] === true;
    const showSecret = values['show-secret'] === true;
    const { envPath, fileEnv, forget, settings, graph, tenantId } = await openGraphCommand(ctx, 'register-app', dryRun);
    const now = io.now ?? (() => new Date());
    const envHas = (name: string) => (fileEnv[name] ?? io.env[name] ?? '').trim() !== '';
    const proxy = await prepareProxyRun(settings, { managedIdentityFlag: values['managed-identity'] !== undefined, envHas, graph, tenantId, progress });
    const result = await registerApp(graph, {
      proxyPublicUrl: proxy?.publicUrl, federatedCredential: proxy?.federatedCredential,
      description: appRegistration, clientId: settings.clientId, tenantId: settings.tenantId, dryRun,
      createSecret: writeSecret || showSecret || proxy?.wantsSecret === true, secretDays, powerPlatform: settings.powerPlatform, mcpResource: settings.mcpResource, clientsClientId: settings.clientsClientId, now, onStep: (line) => progress(`• ${line}`),
      // Saved at once: should a later step fail, the re-run finds this application by its id,
      // where a display-name search might not list it yet (eventual consistency).
      // Not fatal: the registration goes on, and the final write reports a lasting problem.
      onCreated: async (app) => {
        const tenant = await tenantId();
        await updateEnvFile(envPath, { ...forget, ...(tenant === undefined ? {} : { AZURE_TENANT_ID: tenant }), AZURE_CLIENT_ID: app.appId ?? undefined }).catch(
          (error: unknown) => progress(`  could not save AZURE_CLIENT_ID=${app.appId} to ${envPath} yet: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    });
    const tenant = await tenantId();
    const updates: Record<string, string> = {};
    if (tenant !== undefined) updates.AZURE_TENANT_ID = tenant;
    updates.AZURE_CLIENT_ID = result.clientId;
    if (result.clients?.clientId !== undefined && !result.dryRun) updates.MCP_CLIENTS_CLIENT_ID = result.clients.clientId;
    // The server names its scope under the resource only where the tenant took the URI.
    if (settings.mcpResource !== undefined) updates.MCP_RESOURCE_IS_IDENTIFIER_URI = String(result.resourceIsIdentifierUri);
    if (writeSecret && result.secret?.secretText != null) updates.AZURE_CLIENT_SECRET = result.secret.secretText;
    // Remembered, so a later run without the flags does not take the connector's URIs away.
    if (settings.powerPlatform.enabled) updates.POWER_PLATFORM_CONNECTOR = 'true';
    if (settings.powerPlatform.connectorRedirectUri !== undefined) updates.POWER_PLATFORM_CONNECTOR_REDIRECT_URI = settings.powerPlatform.connectorRedirectUri;
    // Remembered too: a later run without the flags keeps the callback and the credential.
    if (proxy !== undefined) Object.assign(updates, await proxyEnvUpdates(proxy, result, { file: fileEnv, process: io.env }));
    const envChanged = Object.entries(updates).some(([k, v]) => fileEnv[k] !== v) || 'AZURE_AUTHORITY_HOST' in forget;
    if (!dryRun && envChanged) {
      await updateEnvFile(envPath, { ...forget, ...updates }).catch((error: unknown) => {
        throw new GraphScriptError({
          code: 'ENV_FILE_ERROR',
          message: `the registration is done, but ${envPath} could not be written: ${error instanceof Error ? error.message : String(error)}`,
          advice: [
            `Save AZURE_CLIENT_ID=${result.clientId}${updates.AZURE_TENANT_ID === undefined ? '' : ` and AZURE_TENANT_ID=${updates.AZURE_TENANT_ID}`} yourself, or fix the path (--dotenv) and run again: nothing else will change.`,
            // The secret is never printed unasked, so it is lost; the rotation makes and saves a new one.
            ...(updates.AZURE_CLIENT_SECRET === undefined && updates.MCP_PROXY_CLIENT_SECRET === undefined ? [] : ['The new client secret could not be saved: once .env is writable, npm run rotate-secret makes a new one and saves it.']),
          ],
          cause: error,
        });
      });
    }
    const envState = dryRun ? 'not written (dry run)' : envChanged ? `written to ${envPath} (mode 0600)` : `${envPath} already up to date`;
    if (json) io.stdout(`${JSON.stringify({ ...resultJson(result, tenant, envPath, envState, showSecret), proxy: proxyJson(proxy, updates) }, null, 2)}\n`);
    else io.stdout([...summary(result, tenant, updates, envState, { showSecret, writeSecret }), ...(proxy === undefined ? [] : proxyNextSteps(proxy, updates, dryRun))].join('\n') + '\n');
    return EXIT.ok;
  });
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
    identifierUris: result.resourceIsIdentifierUri && result.mcpResource !== undefined ? [identifierUri(result.clientId), result.mcpResource] : [identifierUri(result.clientId)],
    clientsClientId: result.clients?.clientId ?? null,
    warnings: result.warnings,
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
  const fic = result.federatedCredential === 'create' || result.federatedCredential === 'update' ? 1 : 0;
  const n = result.changes.length + (result.secret === undefined && result.secretPlanned !== true ? 0 : 1) + fic;
  if (n === 0) lines.push('No changes: the registration already matches the description.');
  else lines.push(result.dryRun ? `Dry run: ${n} change(s) would be made; nothing was changed.` : `Done: ${n} change(s) made.`);
  lines.push('', 'Values to save:');
  lines.push(`  tenant id       ${tenantId ?? '(unknown: pass --tenant)'}`);
  lines.push(`  client id       ${result.clientId}`);
  if (result.objectId !== undefined) lines.push(`  object id       ${result.objectId}`);
  lines.push(`  identifier URI  ${identifierUri(result.clientId)}`);
  if (result.resourceIsIdentifierUri && result.mcpResource !== undefined) lines.push(`  identifier URI  ${result.mcpResource} (the resource MCP clients send)`);
  if (result.clients?.clientId !== undefined) lines.push(`  clients app     ${result.clients.clientId} ("entra-mcp clients": give this client id to MCP clients)`);
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
  for (const warning of result.warnings) lines.push('', `Warning: ${warning}`);
  lines.push('', `.env: ${envState}`);
  for (const [key, value] of Object.entries(updates)) lines.push(`  ${envLine(key, value)}`);
  return lines;
}

/** Proxy mode in `--json`: the callback, the credential, and the names (never values) of what `.env` got. */
function proxyJson(proxy: ProxyRun | undefined, updates: Readonly<Record<string, string>>): Record<string, unknown> | null {
  if (proxy === undefined) return null;
  return {
    callbackUri: proxy.callbackUri,
    credential: proxy.managedIdentity === undefined ? 'client-secret' : 'managed-identity',
    managedIdentity: proxy.managedIdentity === undefined ? null : { clientId: proxy.managedIdentity.clientId, principalId: proxy.managedIdentity.principalId },
    envKeys: Object.keys(updates).filter((k) => k.startsWith('MCP_PROXY_') || ['MCP_AUTH_MODE', 'MCP_PUBLIC_URL', 'AZURE_MANAGED_IDENTITY_CLIENT_ID'].includes(k)),
  };
}
