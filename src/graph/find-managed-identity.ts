import type { ServicePrincipal } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';
import { GraphScriptError, isGraphScriptError } from './graph-script-error.ts';
import { isGuid } from '../../server/src/entra/guid.ts';

/** A user-assigned managed identity as proxy mode's federated credential needs it. */
export interface ManagedIdentity {
  readonly clientId: string;
  /** Its service principal's object id: what Azure calls the principal id, and the credential's subject. */
  readonly principalId: string;
  readonly displayName: string | undefined;
}

/**
 * `GET /servicePrincipals(appId='{clientId}')`: a managed identity is a service principal whose
 * `appId` is the identity's client id and whose `id` is its principal (object) id, with
 * `servicePrincipalType` `ManagedIdentity`
 * (https://learn.microsoft.com/graph/api/serviceprincipal-get?view=graph-rest-1.0,
 * https://learn.microsoft.com/graph/api/resources/serviceprincipal?view=graph-rest-1.0).
 * Unknown: 404 `Request_ResourceNotFound`, reported naming the flag.
 */
export async function findManagedIdentity(graph: GraphApi, clientId: string): Promise<ManagedIdentity> {
  // Only a GUID goes into the URL (the settings checked it; this keeps the function safe alone).
  if (!isGuid(clientId)) throw new TypeError(`not a client id (GUID): ${JSON.stringify(clientId)}`);
  const path = `/servicePrincipals(appId='${clientId}')`;
  let sp: ServicePrincipal;
  try {
    sp = await graph.request<ServicePrincipal>('GET', path);
  } catch (error) {
    if (!isGraphScriptError(error) || error.graph?.status !== 404) throw error;
    throw new GraphScriptError({
      code: 'MANAGED_IDENTITY_NOT_FOUND',
      message: `--managed-identity ${clientId}: no managed identity (service principal) with that client id in this tenant`,
      request: error.request,
      graph: error.graph,
      advice: [
        "Pass the user-assigned managed identity's client id (az identity show -g <group> -n <name> --query clientId), not its principal or resource id, or set AZURE_MANAGED_IDENTITY_CLIENT_ID.",
        'Nothing was changed and .env was not written.',
      ],
      cause: error,
    });
  }
  if (sp.servicePrincipalType != null && sp.servicePrincipalType !== 'ManagedIdentity') {
    throw new GraphScriptError({
      code: 'MANAGED_IDENTITY_NOT_FOUND',
      message: `--managed-identity ${clientId} names a service principal of type ${sp.servicePrincipalType}, not a managed identity`,
      request: `GET ${path}`,
      advice: ["Pass the client id of the user-assigned managed identity the server runs as (az identity show … --query clientId). Nothing was changed and .env was not written."],
    });
  }
  return { clientId, principalId: sp.id as string, displayName: sp.displayName ?? undefined };
}
