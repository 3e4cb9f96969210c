import type { Application } from '@microsoft/microsoft-graph-types';
import { mcpClientsRegistration, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { createServicePrincipal, findServicePrincipal } from './ensure-service-principal.ts';
import { findApplication, type FoundBy } from './find-application.ts';
import type { GraphApi } from './graph-client.ts';
import { planClientsAppChanges } from './plan-clients-app-changes.ts';
import type { RegistrationChange } from './plan-registration-changes.ts';
import { updateApplication } from './update-application.ts';

/** What {@link registerClientsApp} did (or, with `dryRun`, would do). */
export interface ClientsAppResult {
  readonly clientId: string | undefined;
  readonly foundBy: FoundBy | 'created' | 'not-found';
  readonly changes: readonly RegistrationChange[];
}

/** Placeholder in a dry run's plan for a clients application that does not exist yet. */
const NEW_CLIENTS_CLIENT_ID = '<new clients client id>';

/**
 * Finds (by `MCP_CLIENTS_CLIENT_ID`, else display name) or creates the public "entra-mcp
 * clients" application and brings it to the description: the known clients' redirect URIs,
 * public client flows, the API's scope declared, a service principal. The API side (its
 * pre-authorization of this app) is `registerApp`'s.
 */
export async function registerClientsApp(
  graph: GraphApi,
  options: {
    readonly clientsClientId?: string | undefined;
    readonly tenantId?: string | undefined;
    readonly apiClientId: string;
    readonly scopeId: string;
    readonly mcpServerUrls: readonly string[];
    readonly description: AppRegistrationDescription;
    readonly dryRun: boolean;
    readonly onStep: (line: string) => void;
  },
): Promise<ClientsAppResult> {
  const clients = mcpClientsRegistration;
  const { onStep } = options;
  onStep(options.clientsClientId === undefined ? `looking for "${clients.displayName}" by display name` : `looking for "${clients.displayName}" by client id ${options.clientsClientId}`);
  const found = await findApplication(graph, {
    clientId: options.clientsClientId,
    displayName: clients.displayName,
    tenantId: options.tenantId,
    notFound: [`${clients.clientIdSetting} names no application: remove it from .env (a new "${clients.displayName}" is then created) or correct it.`],
  });
  let application: Application | undefined = found?.application;
  const sp = application?.appId == null ? undefined : await findServicePrincipal(graph, application.appId);
  const plan = (app: Application | undefined, hasSp: boolean) =>
    planClientsAppChanges({ application: app, hasServicePrincipal: hasSp, apiClientId: options.apiClientId, scopeId: options.scopeId, mcpServerUrls: options.mcpServerUrls, description: options.description, clients });
  const planned = plan(application, sp !== undefined);
  if (options.dryRun) {
    for (const change of planned) onStep(`plan: ${change.summary}`);
    return { clientId: application?.appId ?? NEW_CLIENTS_CLIENT_ID, foundBy: found?.foundBy ?? 'not-found', changes: planned };
  }
  let justCreated = false;
  if (application === undefined) {
    onStep(planned[0]?.summary ?? `create application "${clients.displayName}"`);
    application = await graph.request<Application>('POST', '/applications', { displayName: clients.displayName, signInAudience: options.description.signInAudience }, { idempotent: false });
    justCreated = true;
  }
  const changes = justCreated ? plan(application, false) : planned;
  for (const change of changes) {
    onStep(change.summary);
    if (change.step === 'service-principal') await createServicePrincipal(graph, application.appId as string);
    else if (change.patch !== undefined) await updateApplication(graph, application.id as string, change.patch, justCreated);
  }
  return { clientId: application.appId ?? undefined, foundBy: justCreated ? 'created' : (found?.foundBy ?? 'not-found'), changes: justCreated ? [planned[0] as RegistrationChange, ...changes] : changes };
}
