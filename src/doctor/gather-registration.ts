import type { Application } from '@microsoft/microsoft-graph-types';
import { findServicePrincipal } from '../graph/ensure-service-principal.ts';
import type { GraphApi } from '../graph/graph-client.ts';
import { isGraphScriptError } from '../graph/graph-script-error.ts';
import { applicationByClientId } from '../graph/odata.ts';

/** What Graph says about the registrations, read-only. */
export interface RegistrationFacts {
  readonly api: Application;
  readonly servicePrincipalExists: boolean;
  /** The "entra-mcp clients" registration; undefined when MCP_CLIENTS_CLIENT_ID is not set. */
  readonly clients: Application | undefined;
  /** undefined when Graph would not tell (reading it needs Policy.Read.All). */
  readonly permissionGrantPoliciesAssigned: readonly string[] | undefined;
}

/**
 * Reads the API registration, its service principal, the clients registration and the
 * tenant's authorization policy: GETs only, nothing is changed. A policy Graph refuses to show
 * is left undefined (the check says so); any other failure is the caller's to report.
 */
export async function gatherRegistration(graph: GraphApi, ids: { apiClientId: string; clientsClientId: string | undefined }): Promise<RegistrationFacts> {
  const api = await graph.request<Application>('GET', applicationByClientId(ids.apiClientId));
  const servicePrincipal = await findServicePrincipal(graph, ids.apiClientId);
  const clients = ids.clientsClientId === undefined ? undefined : await graph.request<Application>('GET', applicationByClientId(ids.clientsClientId));
  let permissionGrantPoliciesAssigned: readonly string[] | undefined;
  try {
    // https://learn.microsoft.com/graph/api/authorizationpolicy-get?view=graph-rest-1.0
    const policy = await graph.request<{ defaultUserRolePermissions?: { permissionGrantPoliciesAssigned?: string[] } }>('GET', '/policies/authorizationPolicy');
    permissionGrantPoliciesAssigned = policy.defaultUserRolePermissions?.permissionGrantPoliciesAssigned;
  } catch (error) {
    if (!isGraphScriptError(error) || error.graph === undefined || error.graph.status >= 500) throw error;
    permissionGrantPoliciesAssigned = undefined;
  }
  return { api, servicePrincipalExists: servicePrincipal !== undefined, clients, permissionGrantPoliciesAssigned };
}
