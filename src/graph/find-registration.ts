import type { Application, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import { findServicePrincipal } from './ensure-service-principal.ts';
import { findApplication, type FoundApplication, type NotFoundAdvice } from './find-application.ts';
import type { GraphApi } from './graph-client.ts';
import { pulumiManagedError, pulumiStackOf } from './pulumi-managed.ts';
import type { GraphScriptError } from './graph-script-error.ts';

/** The registration as both Graph commands find it. */
export interface FoundRegistration {
  readonly found: FoundApplication | undefined;
  readonly servicePrincipal: ServicePrincipal | undefined;
  /** The Pulumi stack that manages it, when one does. */
  readonly stack: string | undefined;
  /** The Pulumi-managed refusal, for a command about to change it; undefined when no stack claims it. */
  readonly refuse: (what: 'rotate the client secret' | 'change the registration', today: string) => GraphScriptError | undefined;
}

/**
 * The step register-app and rotate-secret share: announce the search, find the application
 * (by client id, else display name), its service principal, and the Pulumi stack that
 * manages it, if any.
 *
 * @param notFound - what to tell the user when a configured client id names nothing: each command its own.
 */
export async function findRegistration(
  graph: GraphApi,
  query: { clientId?: string; tenantId?: string; description: AppRegistrationDescription; notFound: NotFoundAdvice },
  onStep: (line: string) => void,
): Promise<FoundRegistration> {
  const { description } = query;
  onStep(query.clientId === undefined ? `looking for the application by display name "${description.displayName}"` : `looking for the application by client id ${query.clientId}`);
  const found = await findApplication(graph, { clientId: query.clientId, displayName: description.displayName, tenantId: query.tenantId, notFound: query.notFound });
  const application: Application | undefined = found?.application;
  const servicePrincipal = application?.appId == null ? undefined : await findServicePrincipal(graph, application.appId);
  const stack = application === undefined ? undefined : pulumiStackOf(application, description, servicePrincipal);
  const refuse = (what: 'rotate the client secret' | 'change the registration', today: string) =>
    stack === undefined ? undefined : pulumiManagedError(stack, application?.appId ?? '', what, today);
  return { found, servicePrincipal, stack, refuse };
}
