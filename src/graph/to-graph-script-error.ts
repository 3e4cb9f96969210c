import { GraphScriptError, type GraphErrorInfo } from './graph-script-error.ts';

/** The Entra roles that may write app registrations, least privileged first. */
export const APP_WRITER_ROLES = ['Application Developer', 'Application Administrator', 'Cloud Application Administrator'] as const;

/** The shape `@microsoft/microsoft-graph-client`'s `GraphError` has (duck-typed: no class import needed). */
interface LibraryGraphError {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  body: unknown;
  headers?: Headers;
}

function isLibraryGraphError(error: unknown): error is LibraryGraphError {
  return typeof error === 'object' && error !== null && typeof (error as LibraryGraphError).statusCode === 'number';
}

/** Graph's `error` object as the client library serialised it into `body`. */
function parseBody(body: unknown): { details: string[]; clientRequestId?: string; date?: string } {
  if (typeof body !== 'string') return { details: [] };
  try {
    const parsed = JSON.parse(body) as {
      details?: { code?: string }[];
      innerError?: Record<string, string>;
    };
    const details = (parsed.details ?? []).map((d) => d.code).filter((c): c is string => typeof c === 'string');
    return { details, clientRequestId: parsed.innerError?.['client-request-id'], date: parsed.innerError?.date };
  } catch {
    return { details: [] };
  }
}

/**
 * Turns whatever the Graph client library threw into a `GraphScriptError` with Graph's
 * code, message and request id, and the advice a user needs for the errors they meet.
 *
 * @param request - `METHOD /path` of the failed call, for the message (never a token).
 */
export function toGraphScriptError(error: unknown, request: string): GraphScriptError {
  if (!isLibraryGraphError(error)) {
    return new GraphScriptError({ code: 'GRAPH_ERROR', message: String((error as Error)?.message ?? error), request, cause: error });
  }
  // The library reports a fetch that never got an answer as statusCode -1.
  if (error.statusCode < 0) {
    return new GraphScriptError({
      code: 'NETWORK_ERROR',
      message: `no answer from Graph for ${request}: ${error.message}`,
      request,
      advice: ['Check MICROSOFT_GRAPH_URL and your network; for a proxy set HTTPS_PROXY.'],
      cause: error,
    });
  }
  const { details, clientRequestId, date } = parseBody(error.body);
  const graph: GraphErrorInfo = {
    status: error.statusCode,
    graphCode: error.code ?? 'UnknownError',
    message: error.message,
    requestId: error.requestId ?? undefined,
    clientRequestId,
    date,
    detailCodes: details,
    retryAfter: error.headers?.get('retry-after') ?? undefined,
  };
  if (graph.status === 403 && graph.graphCode === 'Authorization_RequestDenied') {
    return new GraphScriptError({
      code: 'AUTHORIZATION_DENIED',
      message: `Graph refused ${request}: ${graph.message}`,
      request,
      graph,
      advice: [
        `The signed-in account needs an Entra role that may write app registrations: ${APP_WRITER_ROLES[0]} (to create and update registrations it owns), or ${APP_WRITER_ROLES[2]} / ${APP_WRITER_ROLES[1]} (for any registration).`,
        'Ask a Privileged Role Administrator to assign one, or ask an owner of the registration to add you as an owner, then sign in again (az login).',
        'A pipeline identity (MICROSOFT_GRAPH_TOKEN) needs the Graph application permission Application.ReadWrite.OwnedBy (registrations it owns) or Application.ReadWrite.All instead.',
      ],
    });
  }
  // 401 `InvalidAuthenticationToken`: an expired MICROSOFT_GRAPH_TOKEN, or a token for another
  // audience or cloud. Graph never accepts it on a retry, so it is a sign-in problem.
  if (graph.status === 401) {
    return new GraphScriptError({
      code: 'SIGN_IN_REQUIRED',
      message: `Graph refused the access token for ${request}: ${graph.message}`,
      request,
      graph,
      advice: [
        'Sign in again (`az login`, with --tenant <tenant> for another tenant), then run this command again.',
        'With MICROSOFT_GRAPH_TOKEN: get a fresh token for this Graph endpoint (MICROSOFT_GRAPH_URL), e.g. `az account get-access-token --resource-type ms-graph`.',
      ],
    });
  }
  if (graph.status === 400 && (graph.graphCode === 'HostNameNotOnVerifiedDomain' || details.includes('HostNameNotOnVerifiedDomain'))) {
    return identifierUriRefused(request, graph);
  }
  return new GraphScriptError({ code: 'GRAPH_ERROR', message: `Graph refused ${request}: ${graph.message}`, request, graph });
}

/**
 * The error for an identifier URI refused by tenant policy. Separate so the identifier-URI
 * step can use it for any 400: the policy's own code has changed over the years.
 */
export function identifierUriRefused(request: string, graph: GraphErrorInfo): GraphScriptError {
  return new GraphScriptError({
    code: 'IDENTIFIER_URI_REFUSED',
    message: `the tenant refused the identifier URI: ${graph.message}`,
    request,
    graph,
    advice: [
      'This tool only ever sets api://{appId} (the client id itself): the form Entra\'s identifier-URI policies always accept, on a registration already set to issue v2 tokens.',
      "If it is still refused, the tenant's app-management policy restricts identifier URIs further: ask an admin to exempt this app or allow api://{appId}, then run again.",
    ],
  });
}
