/**
 * A stand-in for exactly the Microsoft Graph v1.0 endpoints the scripts use, faithful to the
 * documented shapes (https://learn.microsoft.com/graph/api/resources/application?view=graph-rest-1.0
 * and the operation pages linked from it), with injectable faults. A pure `(Request) → Response`
 * handler: in-process tests call it as `fetch`, end-to-end tests serve it over https.
 */
import { randomUUID } from 'node:crypto';
import type { Application, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { applyPatch, patchErrors } from './application-patch.ts';
import { addPasswordTo, byClientId, newApplication, type Directory } from './directory.ts';
import { noFaults, type GraphFaults, type InjectedFault } from './graph-faults.ts';
import { graphError, graphJson, graphNoContent, notFound } from './graph-responses.ts';
import { federatedCredentialRoute, servicePrincipalByAppIdRoute } from './federated-credential-routes.ts';

export { noFaults, type GraphFaults, type InjectedFault } from './graph-faults.ts';

/**
 * One page of a collection and, when more remain, the absolute `@odata.nextLink` to the next
 * (an opaque `$skiptoken`, as Graph's; the other query options carried over).
 */
function page<T>(url: URL, all: readonly T[], pageSize: number): { value: T[]; '@odata.nextLink'?: string } {
  const top = url.searchParams.get('$top');
  const size = top === null ? pageSize : Number(top);
  const token = url.searchParams.get('$skiptoken');
  const skip = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^skip:/, ''));
  const value = all.slice(skip, skip + size);
  if (skip + size >= all.length) return { value };
  const kept = url.search.slice(1).split('&').filter((p) => p !== '' && !p.startsWith('$skiptoken='));
  const next = [...kept, `$skiptoken=${Buffer.from(`skip:${skip + size}`).toString('base64url')}`].join('&');
  return { value, '@odata.nextLink': `${url.origin}${url.pathname}?${next}` };
}

const APP_PATH = /^\/applications(?:\/([^/()]+)|\(appId='([^']+)'\))(?:\/(addPassword|removePassword|federatedIdentityCredentials)(?:\/([^/]+))?)?$/;
const SP_BY_APP_ID = /^\/servicePrincipals\(appId='([^']+)'\)$/;

function parseFilter(filter: string | null): { field: 'displayName' | 'appId'; value: string } | undefined {
  const m = /^(displayName|appId) eq '((?:[^']|'')*)'$/.exec(filter ?? '');
  return m === null ? undefined : { field: m[1] as 'displayName' | 'appId', value: (m[2] as string).replaceAll("''", "'") };
}

export interface GraphStandIn {
  readonly faults: GraphFaults;
  /** Newly created applications still replicating: object id → requests left to fail. */
  readonly replicating: Map<string, number>;
  readonly requests: string[];
  handle(request: Request): Promise<Response>;
}

export function createGraphStandIn(directory: Directory, faults: GraphFaults = noFaults()): GraphStandIn {
  const replicating = new Map<string, number>();
  const unlisted = new Map<string, number>();
  const spLag = new Map<string, number>();
  const requests: string[] = [];

  async function route(request: Request, path: string, url: URL): Promise<Response> {
    const method = request.method;
    const body = method === 'GET' ? undefined : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
    if (faults.denyWrites && method !== 'GET') {
      return graphError(request, { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    }
    if (path === '/applications' || path === '/servicePrincipals') {
      if (method === 'GET') {
        const filter = parseFilter(url.searchParams.get('$filter'));
        if (filter === undefined) return graphError(request, { status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported query.' });
        const pool: (Application | ServicePrincipal)[] = path === '/applications' ? [...directory.applications.values()] : [...directory.servicePrincipals.values()];
        const listed = (o: Application | ServicePrincipal): boolean => {
          const lag = unlisted.get(o.id as string) ?? 0;
          if (lag > 0) unlisted.set(o.id as string, lag - 1);
          return lag === 0;
        };
        // `eq` on directory strings ignores case: 'Entra-MCP' matches 'entra-mcp'
        // (REPORTED: learn.microsoft.com/answers/questions/1274766).
        const equal = (v: unknown) => typeof v === 'string' && v.toLowerCase() === filter.value.toLowerCase();
        const matching = pool.filter((o) => equal((o as Record<string, unknown>)[filter.field])).filter(listed);
        return graphJson(request, 200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${path.slice(1)}`, ...page(url, matching, faults.pageSize) });
      }
      if (method === 'POST' && path === '/applications') {
        if (typeof body?.displayName !== 'string') return graphError(request, { status: 400, code: 'Request_BadRequest', message: "A value is required for property 'displayName' of resource 'Application'." });
        const app = newApplication(directory, body as Application);
        directory.applications.set(app.id as string, app);
        replicating.set(app.id as string, faults.replicationDelay);
        unlisted.set(app.id as string, faults.listLag);
        spLag.set(app.appId as string, faults.servicePrincipalLag);
        return graphJson(request, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity', ...app }, { location: `https://graph.microsoft.com/v2/${directory.tenantId}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application` });
      }
      if (method === 'POST') {
        const appId = String(body?.appId ?? '');
        const lag = spLag.get(appId) ?? 0;
        if (byClientId(directory, appId) === undefined || lag > 0) {
          spLag.set(appId, lag - 1);
          return graphError(request, {
            status: 400, code: 'Request_BadRequest',
            message: `The appId '${appId}' of the service principal does not reference a valid application object.`,
            details: [{ code: 'NoBackingApplicationObject', message: 'The service principal cannot be created, updated, or restored because the service principal appId does not reference a valid application object.', target: 'appId' }],
          });
        }
        if ([...directory.servicePrincipals.values()].some((s) => s.appId === appId)) {
          // 409, worded as Graph words it (REPORTED: Azure/reliable-web-app-pattern-java#185).
          return graphError(request, { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue', message: `The service principal cannot be created, updated, or restored because the service principal name ${appId} is already in use.` });
        }
        const sp: ServicePrincipal = { id: randomUUID(), appId, displayName: byClientId(directory, appId)?.displayName ?? null, accountEnabled: true, servicePrincipalType: 'Application', tags: [] };
        directory.servicePrincipals.set(sp.id as string, sp);
        return graphJson(request, 201, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals/$entity', ...sp });
      }
    }
    const sp = SP_BY_APP_ID.exec(path);
    if (sp !== null) return servicePrincipalByAppIdRoute(directory, request, sp[1] as string);
    const m = APP_PATH.exec(path);
    if (m === null) return graphError(request, { status: 400, code: 'BadRequest', message: `Resource not found for the segment '${path.split('/')[1] ?? ''}'.` });
    const key = (m[1] ?? m[2]) as string;
    const app = m[1] !== undefined ? directory.applications.get(key) : byClientId(directory, key);
    const left = app === undefined ? 0 : (replicating.get(app.id as string) ?? 0);
    if (app === undefined || left > 0) {
      if (app !== undefined) replicating.set(app.id as string, left - 1);
      return notFound(request, key);
    }
    const action = m[3];
    if (action === 'federatedIdentityCredentials') return federatedCredentialRoute(directory, request, app, m[4], body);
    if (m[4] !== undefined) return notFound(request, m[4]);
    if (action === 'addPassword' && method === 'POST') {
      const credential = addPasswordTo(directory, app, (body?.passwordCredential ?? {}) as Record<string, string>);
      return graphJson(request, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.passwordCredential', ...credential });
    }
    if (action === 'removePassword' && method === 'POST') {
      const keyId = String(body?.keyId ?? '');
      // What Graph answers for a keyId the application does not hold is not documented;
      // a 400 is assumed here, and the scripts accept any refusal once a re-read shows it gone.
      if (!(app.passwordCredentials ?? []).some((p) => p.keyId === keyId)) {
        return graphError(request, { status: 400, code: 'Request_BadRequest', message: `No password credential found with keyId '${keyId}'.` });
      }
      app.passwordCredentials = (app.passwordCredentials ?? []).filter((p) => p.keyId !== keyId);
      directory.secrets.delete(keyId);
      return graphNoContent(request);
    }
    if (action === undefined && method === 'GET') return graphJson(request, 200, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity', ...app });
    if (action === undefined && method === 'PATCH') {
      const refusal = patchErrors(directory, faults, request, app, (body ?? {}) as Application);
      if (refusal !== undefined) return refusal;
      applyPatch(app, (body ?? {}) as Application);
      return graphNoContent(request);
    }
    return graphError(request, { status: 405, code: 'Request_BadRequest', message: `The HTTP method '${method}' is not allowed here.` });
  }

  return {
    faults,
    replicating,
    requests,
    async handle(request: Request): Promise<Response> {
      const url = new URL(request.url);
      const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
      requests.push(`${request.method} ${path}${url.search === '' ? '' : decodeURIComponent(url.search)}`);
      if (request.headers.get('authorization') !== `Bearer ${directory.graphToken}`) {
        const empty = request.headers.get('authorization') === null;
        return graphError(request, { status: 401, code: 'InvalidAuthenticationToken', message: empty ? 'Access token is empty.' : 'Access token validation failure. Invalid audience.' });
      }
      const text = request.method === 'GET' ? '' : await request.clone().text();
      const fault = faults.injected.find((f) => f.times > 0 && (f.method === undefined || f.method === request.method) && (f.path === undefined || f.path.test(path)) && (f.body === undefined || f.body.test(text)));
      if (fault !== undefined) {
        fault.times--;
        if (fault.crash !== undefined) {
          fault.crash();
          return graphError(request, { status: 503, code: 'serviceNotAvailable', message: 'The client went away.' });
        }
        if (fault.afterEffect === true) {
          await route(request, path, url);
          return graphError(request, { status: 504, code: 'UnknownError', message: 'The gateway did not receive a response in time.' });
        }
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        return graphError(request, { status: fault.status ?? 503, code: fault.code ?? 'serviceNotAvailable', message: fault.message ?? 'The service is temporarily unavailable.', headers });
      }
      return route(request, path, url);
    },
  };
}
