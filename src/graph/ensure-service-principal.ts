import type { ServicePrincipal } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';
import { isGraphScriptError } from './graph-script-error.ts';
import { filterQuery, odataString } from './odata.ts';

/** `GET /servicePrincipals?$filter=appId eq '…'`: the app's service principal in this tenant, if any. */
export async function findServicePrincipal(graph: GraphApi, clientId: string): Promise<ServicePrincipal | undefined> {
  const found = await graph.request<{ value: ServicePrincipal[] }>('GET', `/servicePrincipals${filterQuery(`appId eq ${odataString(clientId)}`)}`);
  return found.value[0];
}

/**
 * `POST /servicePrincipals {appId}` → 201. Right after creating the application this meets
 * 400 `NoBackingApplicationObject` until the app replicates; the retry policy waits that out.
 * Idempotent for retry purposes: a second principal for one appId is refused with 409
 * `Request_MultipleObjectsWithSameKeyValue`, never created. That 409 means the principal
 * exists (a retry after a lost 201, or a lookup that missed it while it replicated), which is
 * what this step wants: it counts as done.
 */
export async function createServicePrincipal(graph: GraphApi, clientId: string): Promise<ServicePrincipal> {
  try {
    return await graph.request<ServicePrincipal>('POST', '/servicePrincipals', { appId: clientId }, { idempotent: true });
  } catch (error) {
    if (!isGraphScriptError(error) || error.graph?.status !== 409 || error.graph.graphCode !== 'Request_MultipleObjectsWithSameKeyValue') throw error;
    return (await findServicePrincipal(graph, clientId)) ?? { appId: clientId };
  }
}
