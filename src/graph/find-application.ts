import type { Application } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';
import { GraphScriptError, isGraphScriptError } from './graph-script-error.ts';
import { applicationByClientId, filterQuery, odataString } from './odata.ts';

/** How the application was found, for the step line the user reads. */
export type FoundBy = 'client-id' | 'display-name';

export interface FoundApplication {
  readonly application: Application;
  readonly foundBy: FoundBy;
}

/**
 * Finds the registration: by client id when one is configured (a 404 is then an error, not
 * "create a new one": the configured id may belong to another tenant, and a silent second
 * registration is worse than a clear stop), else by display name, refusing to guess when
 * two or more applications carry it.
 *
 * @returns undefined when no client id is configured and no application has the name.
 */
export async function findApplication(graph: GraphApi, query: { clientId?: string; displayName: string; tenantId?: string }): Promise<FoundApplication | undefined> {
  if (query.clientId !== undefined) {
    try {
      const application = await graph.request<Application>('GET', applicationByClientId(query.clientId));
      return { application, foundBy: 'client-id' };
    } catch (error) {
      if (isGraphScriptError(error) && error.graph?.status === 404) {
        throw new GraphScriptError({
          code: 'APPLICATION_NOT_FOUND',
          message: `no application with client id ${query.clientId} in tenant ${query.tenantId ?? '(the signed-in tenant)'}`,
          request: error.request,
          graph: error.graph,
          advice: [
            'Check AZURE_TENANT_ID / --tenant: the client id may belong to another tenant.',
            'If the registration was deleted, remove AZURE_CLIENT_ID from .env (or pass --client-id) and run again to create a new one.',
          ],
        });
      }
      throw error;
    }
  }
  const found = await graph.request<{ value: Application[] }>('GET', `/applications${filterQuery(`displayName eq ${odataString(query.displayName)}`)}`);
  if (found.value.length === 0) return undefined;
  if (found.value.length > 1) {
    const which = found.value.map((a) => `${a.appId} (created ${a.createdDateTime ?? 'unknown'})`).join(', ');
    throw new GraphScriptError({
      code: 'AMBIGUOUS_APPLICATION',
      message: `${found.value.length} applications are named "${query.displayName}": ${which}`,
      advice: ['Say which one with --client-id <appId> (or AZURE_CLIENT_ID in .env); consider deleting the others.'],
    });
  }
  return { application: found.value[0] as Application, foundBy: 'display-name' };
}
