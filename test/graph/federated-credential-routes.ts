/**
 * The Graph stand-in's federated identity credential endpoints under an application, and the
 * service principal by `appId`, as Graph v1.0 documents them:
 * https://learn.microsoft.com/graph/api/resources/federatedidentitycredential?view=graph-rest-1.0
 * and the list / create / update / get pages linked from it.
 */
import { randomUUID } from 'node:crypto';
import type { Application, FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { Directory } from './directory.ts';
import { graphError, graphJson, graphNoContent, notFound } from './graph-responses.ts';

/** "Maximum of 20 objects can be added to an application" (application-post-federatedidentitycredentials). */
export const MAX_FEDERATED_CREDENTIALS = 20;

const FIELDS = ['issuer', 'subject'] as const;

/** Graph's required fields: name (≤ 120 characters), issuer, subject, audiences (one value). */
function invalid(request: Request, body: Record<string, unknown>, creating: boolean): Response | undefined {
  const bad = (message: string) => graphError(request, { status: 400, code: 'Request_BadRequest', message });
  if (creating && (typeof body.name !== 'string' || body.name === '' || body.name.length > 120)) return bad("Invalid value specified for property 'name' of resource 'FederatedIdentityCredential'.");
  for (const f of FIELDS) if ((creating || f in body) && (typeof body[f] !== 'string' || body[f] === '')) return bad(`Invalid value specified for property '${f}' of resource 'FederatedIdentityCredential'.`);
  // "audiences … can contain only one value" (resource page).
  if ((creating || 'audiences' in body) && (!Array.isArray(body.audiences) || body.audiences.length !== 1)) return bad("Invalid value specified for property 'audiences' of resource 'FederatedIdentityCredential'.");
  return undefined;
}

/** `/applications/{id}/federatedIdentityCredentials[/{id or name}]`: GET (list), POST (create), PATCH (update). */
export function federatedCredentialRoute(directory: Directory, request: Request, app: Application, key: string | undefined, body: Record<string, unknown> | undefined): Response {
  const all = directory.federatedCredentials.get(app.id as string) ?? [];
  directory.federatedCredentials.set(app.id as string, all);
  const context = `https://graph.microsoft.com/v1.0/$metadata#applications('${app.id}')/federatedIdentityCredentials`;
  if (key === undefined && request.method === 'GET') return graphJson(request, 200, { '@odata.context': context, value: all });
  if (key === undefined && request.method === 'POST') {
    const refusal = invalid(request, body ?? {}, true);
    if (refusal !== undefined) return refusal;
    const b = body as Required<Pick<FederatedIdentityCredential, 'name' | 'issuer' | 'subject' | 'audiences'>> & { description?: string };
    // Worded as Graph answered azd (REPORTED: Azure/azure-dev#1482).
    if (all.some((c) => c.name === b.name)) return graphError(request, { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue', message: `FederatedIdentityCredential with name ${b.name} already exists.` });
    // The limit is documented; the error body is not: a 400 is assumed here.
    if (all.length >= MAX_FEDERATED_CREDENTIALS) return graphError(request, { status: 400, code: 'Request_BadRequest', message: `An application can have at most ${MAX_FEDERATED_CREDENTIALS} federated identity credentials.` });
    const credential: FederatedIdentityCredential = { id: randomUUID(), name: b.name, issuer: b.issuer, subject: b.subject, audiences: b.audiences, description: b.description ?? null };
    all.push(credential);
    return graphJson(request, 201, { '@odata.context': `${context}/$entity`, ...credential });
  }
  const current = all.find((c) => c.id === key || c.name === key);
  if (key !== undefined && current === undefined) return notFound(request, key);
  if (current !== undefined && request.method === 'GET') return graphJson(request, 200, { '@odata.context': `${context}/$entity`, ...current });
  if (current !== undefined && request.method === 'PATCH') {
    const b = body ?? {};
    // The name is the key and cannot be changed (resource page: "immutable once created"); assumed 400.
    if ('name' in b && b.name !== current.name) return graphError(request, { status: 400, code: 'Request_BadRequest', message: "Property 'name' is read-only and cannot be set." });
    const refusal = invalid(request, b, false);
    if (refusal !== undefined) return refusal;
    Object.assign(current, Object.fromEntries(Object.entries(b).filter(([k]) => ['issuer', 'subject', 'audiences', 'description'].includes(k))));
    return graphNoContent(request);
  }
  return graphError(request, { status: 405, code: 'Request_BadRequest', message: `The HTTP method '${request.method}' is not allowed here.` });
}

/** `GET /servicePrincipals(appId='…')` (https://learn.microsoft.com/graph/api/serviceprincipal-get?view=graph-rest-1.0); unknown → 404 Request_ResourceNotFound. */
export function servicePrincipalByAppIdRoute(directory: Directory, request: Request, appId: string): Response {
  const sp = [...directory.servicePrincipals.values()].find((s) => s.appId === appId);
  if (sp === undefined || request.method !== 'GET') return notFound(request, appId);
  return graphJson(request, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity', ...sp });
}
