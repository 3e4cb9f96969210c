import type { Application, PasswordCredential } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import { addPassword } from './add-password.ts';
import { createApplication } from './create-application.ts';
import { createServicePrincipal } from './ensure-service-principal.ts';
import { REGISTER_APP_NOT_FOUND, type FoundBy } from './find-application.ts';
import { findRegistration } from './find-registration.ts';
import type { PowerPlatformOption } from '../registration/graph-shape.ts';
import type { GraphApi } from './graph-client.ts';
import { isGraphScriptError } from './graph-script-error.ts';
import { identifierUriRefused } from './to-graph-script-error.ts';
import { NEW_CLIENT_ID, planRegistrationChanges, type RegistrationChange } from './plan-registration-changes.ts';
import { ownPasswords, newPasswordRequest } from './own-passwords.ts';
import { updateApplication } from './update-application.ts';
import { identifierUris, mcpClientsRegistration } from '../registration/app-registration.ts';
import { findApplication } from './find-application.ts';
import { registerClientsApp, type ClientsAppResult } from './register-clients-app.ts';
import { listFederatedCredentials, planFederatedCredential, type FederatedCredentialStep } from './federated-credentials.ts';
import type { FederatedCredentialDescription } from '../registration/proxy-mode-registration.ts';

export interface RegisterAppOptions {
  readonly description: AppRegistrationDescription;
  /** The configured client id (`AZURE_CLIENT_ID`), if any. */
  readonly clientId?: string;
  readonly tenantId?: string;
  readonly dryRun: boolean;
  /** Add an initial client secret when the registration has none of ours. */
  readonly createSecret: boolean;
  /** Secret lifetime override (days); defaults to the description's. */
  readonly secretDays?: number;
  /** The Power Platform connector option (Web redirect URIs), as the Pulumi program has it. */
  readonly powerPlatform?: PowerPlatformOption;
  /** `${MCP_PUBLIC_URL}/mcp` (`--mcp-url`): added as an identifier URI where the tenant policy allows; Codex's callback names it. */
  readonly mcpResource?: string | undefined;
  /** The "entra-mcp clients" registration's client id (`MCP_CLIENTS_CLIENT_ID`), if known. */
  readonly clientsClientId?: string | undefined;
  /** Proxy mode: the server's public URL; its `/oauth/callback` joins the Web redirect URIs. */
  readonly proxyPublicUrl?: string | undefined;
  /** Proxy mode without a secret: the federated credential trusting the server's managed identity. */
  readonly federatedCredential?: FederatedCredentialDescription | undefined;
  readonly now: () => Date;
  /** Called before each step with the line to print. */
  readonly onStep: (line: string) => void;
  /**
   * Called right after `POST /applications` succeeds, before any other step: the command
   * saves the new client id at once, so a re-run after a later failure finds the application
   * by id. Searching by display name could miss it: Graph's lists lag behind a new object.
   */
  readonly onCreated?: (application: Application) => Promise<void>;
}

export interface RegisterAppResult {
  readonly dryRun: boolean;
  readonly foundBy: FoundBy | 'created' | 'not-found';
  readonly clientId: string;
  readonly objectId: string | undefined;
  readonly changes: readonly RegistrationChange[];
  /** The initial secret, when one was added (with `secretText`, returned by Graph this once). */
  readonly secret?: PasswordCredential;
  /** Why no secret was added, when none was. */
  readonly secretNote?: string;
  /** This tool's passwords already on the registration (metadata only: Graph never returns a secret twice). */
  readonly existingSecrets: readonly PasswordCredential[];
  /** The "entra-mcp clients" registration. */
  readonly clients?: ClientsAppResult;
  readonly mcpResource?: string | undefined;
  /** Whether `mcpResource` is an identifier URI now; false with a warning when the tenant refused it. */
  readonly resourceIsIdentifierUri: boolean;
  /** Dry run: whether a client secret would be added. */
  readonly secretPlanned?: boolean;
  /** What the federated credential step did (or would do), when one was asked for. */
  readonly federatedCredential?: FederatedCredentialStep['action'];
  readonly warnings: readonly string[];
}

/** Performs one planned step: a PATCH of the application, or creating the service principal. */
async function applyChange(graph: GraphApi, change: RegistrationChange, objectId: string, clientId: string, justCreated: boolean, fallback?: (error: unknown) => Promise<boolean>): Promise<void> {
  if (change.step === 'service-principal') {
    await createServicePrincipal(graph, clientId);
    return;
  }
  if (change.patch === undefined) return;
  try {
    await updateApplication(graph, objectId, change.patch, justCreated);
  } catch (error) {
    if (change.step === 'identifier-uri' && fallback !== undefined && (await fallback(error))) return;
    // Tenant policies have refused identifier URIs under several codes over the years;
    // any 400 on this step is that refusal, and the user needs the api://{appId} rule.
    if (change.step === 'identifier-uri' && isGraphScriptError(error) && error.graph?.status === 400) throw identifierUriRefused(error.request ?? 'PATCH', error.graph);
    throw error;
  }
}

/**
 * Creates or updates the registration so it matches the description, step by step, each
 * step announced through `onStep` before it runs. Idempotent: a second run plans nothing.
 * With `dryRun`, reads only and returns the plan.
 */
export async function registerApp(graph: GraphApi, options: RegisterAppOptions): Promise<RegisterAppResult> {
  const { description, onStep } = options;
  const warnings: string[] = [];
  // Known before the API is planned, so a run without MCP_CLIENTS_CLIENT_ID keeps its pre-authorization.
  const clientsClientId = options.clientsClientId ?? (await findApplication(graph, { displayName: mcpClientsRegistration.displayName, tenantId: options.tenantId }))?.application.appId ?? undefined;
  const more = { mcpResource: options.mcpResource, clientsClientId, proxyPublicUrl: options.proxyPublicUrl };
  const registration = await findRegistration(graph, { clientId: options.clientId, tenantId: options.tenantId, description, notFound: REGISTER_APP_NOT_FOUND }, onStep);
  const { found } = registration;
  let application: Application | undefined = found?.application;
  onStep(found === undefined ? 'not found: it will be created' : `found ${found.application.appId} (object id ${found.application.id}) by ${found.foundBy === 'client-id' ? 'client id' : 'display name'}`);
  const hasServicePrincipal = registration.servicePrincipal !== undefined;
  const planned = planRegistrationChanges({ application, hasServicePrincipal }, description, options.powerPlatform, more);
  const existingSecrets = ownPasswords(application?.passwordCredentials ?? [], description);
  const wantsSecret = options.createSecret && existingSecrets.length === 0;
  const today = options.now().toISOString().slice(0, 10);
  const wanted = options.federatedCredential;
  const fic = wanted === undefined ? undefined : planFederatedCredential(await listFederatedCredentials(graph, application?.id ?? undefined), wanted);

  // Reading a stack-managed registration is fine; changing it would fight the stack.
  const refusal = planned.length > 0 || wantsSecret || (fic !== undefined && fic.action !== 'none') ? registration.refuse('change the registration', today) : undefined;
  if (refusal !== undefined) throw refusal;
  const base = { federatedCredential: fic?.action, foundBy: found?.foundBy ?? ('not-found' as const), clientId: application?.appId ?? NEW_CLIENT_ID, objectId: application?.id ?? undefined, existingSecrets, warnings, resourceIsIdentifierUri: options.mcpResource !== undefined, mcpResource: options.mcpResource };
  const scopeIdOf = (app: Application | undefined) => app?.api?.oauth2PermissionScopes?.find((s) => s.value === description.scope.value)?.id ?? description.scope.id;
  const clientsStep = (apiClientId: string, dryRun: boolean) =>
    registerClientsApp(graph, { clientsClientId, tenantId: options.tenantId, apiClientId, scopeId: scopeIdOf(application), mcpServerUrls: options.mcpResource === undefined ? [] : [options.mcpResource], description, dryRun, onStep });
  if (options.dryRun) {
    for (const change of planned) onStep(`plan: ${change.summary}`);
    if (fic !== undefined) onStep(`plan: ${fic.summary}`);
    if (wantsSecret) onStep(`plan: add a client secret "${newPasswordRequest(description, options.now(), options.secretDays).displayName}"`);
    return { ...base, dryRun: true, changes: planned, secretPlanned: wantsSecret, clients: await clientsStep(base.clientId, true) };
  }

  let justCreated = false;
  if (application === undefined) {
    onStep(planned[0]?.summary ?? 'create application');
    application = await createApplication(graph, description);
    justCreated = true;
    await options.onCreated?.(application);
    onStep(`created: client id ${application.appId}, object id ${application.id}`);
  }
  const clientId = application.appId as string;
  const objectId = application.id as string;
  // Re-plan against what Graph returned: now the client id (identifier URI) is known.
  const changes = justCreated ? planRegistrationChanges({ application, hasServicePrincipal: false }, description, options.powerPlatform, more) : planned;
  let resourceIsIdentifierUri = options.mcpResource !== undefined;
  // The tenant's policy may refuse the MCP URL (no verified domain): stay on api://{appId}, warn.
  const fallback = async (error: unknown): Promise<boolean> => {
    if (options.mcpResource === undefined || !isGraphScriptError(error) || error.graph?.status !== 400) return false;
    resourceIsIdentifierUri = false;
    warnings.push(identifierUriWarning(options.mcpResource, options.proxyPublicUrl !== undefined));
    onStep(`warning: ${warnings.at(-1) as string}`);
    const apiOnly = identifierUris(clientId);
    if (!apiOnly.every((u) => application?.identifierUris?.includes(u))) await updateApplication(graph, objectId, { identifierUris: apiOnly }, justCreated);
    return true;
  };
  for (const change of changes) {
    onStep(change.summary);
    await applyChange(graph, change, objectId, clientId, justCreated, fallback);
  }
  const clients = await clientsStep(clientId, false);
  // A new clients app: pre-authorize it now that its id is known (one PATCH of `api`).
  const extra: RegistrationChange[] = [];
  if (clients.clientId !== undefined && clients.clientId !== clientsClientId) {
    const now = await graph.request<Application>('GET', `/applications/${encodeURIComponent(objectId)}`, undefined, { idempotent: true, retryNotFound: true });
    for (const change of planRegistrationChanges({ application: now, hasServicePrincipal: true }, description, options.powerPlatform, { ...more, clientsClientId: clients.clientId })) {
      if (change.step !== 'pre-authorized-clients') continue;
      onStep(change.summary);
      await applyChange(graph, change, objectId, clientId, false);
      extra.push(change);
    }
  }
  if (fic !== undefined) {
    onStep(fic.summary);
    await fic.apply(graph, objectId, justCreated);
  }
  const all = [...(justCreated ? [planned[0] as RegistrationChange, ...changes] : changes), ...clients.changes, ...extra];
  const result = { ...base, foundBy: justCreated ? ('created' as const) : base.foundBy, clientId, objectId, dryRun: false, changes: all, clients, resourceIsIdentifierUri };
  if (!wantsSecret) {
    const note = options.createSecret ? 'the registration already has a client secret from this tool and Graph never returns one twice: npm run rotate-secret makes a new one and writes it to .env' : undefined;
    return note === undefined ? result : { ...result, secretNote: note };
  }
  const request = newPasswordRequest(description, options.now(), options.secretDays);
  onStep(`client secret: adding "${request.displayName}" (expires ${request.endDateTime.slice(0, 10)})`);
  const secret = await addPassword(graph, objectId, request, justCreated);
  return { ...result, secret };
}

/** The one-line warning when the tenant refused the MCP URL as an identifier URI, with the fix. */
export function identifierUriWarning(mcpResource: string, proxyMode = false): string {
  const impact = proxyMode
    ? 'in proxy mode, MCP clients sign in through the server and are not affected; only clients that sign in at Entra directly and send `resource` get AADSTS9010010 until then.'
    : 'clients that send `resource` (every spec-following MCP client) get AADSTS9010010 until then.';
  return `the tenant's policy refused ${mcpResource} as an identifier URI (its host is not a verified domain of the tenant; https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions): add and verify that domain in Entra (or serve the MCP server on a verified one) and run again. Staying on api://{appId}: ${impact}`;
}
