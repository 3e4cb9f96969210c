import type { Application } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';
import { GraphScriptError, isGraphScriptError } from './graph-script-error.ts';
import { applicationByClientId, filterQuery, odataString } from './odata.ts';

/** How the application was found, for the step line the user reads. */
export type FoundBy = 'client-id' | 'display-name';

/**
 * What to do when the configured client id names no application: register-app can create a
 * new one, rotate-secret cannot (each command gives its own advice).
 */
export type NotFoundAdvice = readonly string[];

/** register-app's advice for a client id that names nothing. */
export const REGISTER_APP_NOT_FOUND: NotFoundAdvice = [
  'If the registration was deleted, remove AZURE_CLIENT_ID from .env (or pass --client-id) and run again to create a new one.',
];

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
export async function findApplication(graph: GraphApi, query: { clientId?: string; displayName: string; tenantId?: string; notFound?: NotFoundAdvice }): Promise<FoundApplication | undefined> {
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
            'If it was created moments ago, wait a minute and run again: Graph may not have replicated it yet.',
            ...(query.notFound ?? REGISTER_APP_NOT_FOUND),
          ],
        });
      }
      throw error;
    }
  }
  const found = await listAll<Application>(graph, `/applications${filterQuery(`displayName eq ${odataString(query.displayName)}`)}`);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    const which = found.map((a) => `${a.appId} (created ${a.createdDateTime ?? 'unknown'})`).join(', ');
    throw new GraphScriptError({
      code: 'AMBIGUOUS_APPLICATION',
      message: `${found.length} applications are named "${query.displayName}": ${which}`,
      advice: ['Say which one with --client-id <appId> (or AZURE_CLIENT_ID in .env); consider deleting the others.'],
    });
  }
  return { application: found[0] as Application, foundBy: 'display-name' };
}

/**
 * Every page of a Graph collection: Graph pages directory-object lists (100 by default) and
 * hands out the rest through `@odata.nextLink`, an absolute URL to follow as-is
 * (learn.microsoft.com/graph/paging). Reading only the first page could miss the second
 * application with the name and "find" the wrong one. The link is re-rooted on the
 * configured Graph URL, so the token only ever goes where the first request went.
 */
async function listAll<T>(graph: GraphApi, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let next: string | undefined = path; next !== undefined; ) {
    const page: { value: T[]; '@odata.nextLink'?: string } = await graph.request('GET', next);
    items.push(...page.value);
    const link = page['@odata.nextLink'];
    next = link === undefined ? undefined : relativeToVersion(link);
  }
  return items;
}

/** `https://graph.microsoft.com/v1.0/applications?…` → `/applications?…` */
function relativeToVersion(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/v1\.0(?=\/)/, '')}${url.search}`;
}
