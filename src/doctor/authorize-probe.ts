import { isLoopbackHttpUrl } from '../../server/src/entra/index.ts';
import type { KnownMcpClient } from '../registration/known-mcp-clients.ts';
import { wantedRedirects } from './checks/client-redirect-uris.ts';

/**
 * VS Code's own loopback redirect on its Microsoft sign-in
 * (https://github.com/microsoft/vscode/blob/0b1b09df40885b7cb967152e538087515d1e6813/extensions/microsoft-authentication/src/node/flows.ts).
 */
export const FIRST_PARTY_LOOPBACK_REDIRECT = 'http://127.0.0.1:33418/';

/** The port put on loopback redirect URIs: clients pick one at run time, and Entra ignores it. */
export const PROBE_LOOPBACK_PORT = 49200;

/** The authorize request a client would send, or why the client is not probed. */
export type ProbePlan = { readonly url: string; readonly clientId: string; readonly redirectUri: string; readonly scope: string; readonly resource: string | undefined } | { readonly skip: string };

/**
 * Pure: the authorization request `client` sends for this server (its client id, its first
 * redirect URI with a port where it picks one, the scope, `resource` unless it never sends
 * one, PKCE), so the authorize endpoint can be asked without anyone signing in.
 */
export function planAuthorizeProbe(
  client: KnownMcpClient,
  ctx: { authorizationEndpoint: string; mcpUrl: string; resource: string; scope: string; clientsClientId: string | undefined; stack: 'local' | 'deployed' },
): ProbePlan {
  if (client.signIn.kind === 'proxy-only') return { skip: 'signs in through proxy mode only' };
  if (client.needsPublicServer && ctx.stack === 'local') return { skip: "called from its vendor's cloud: needs a deployed server" };
  let clientId: string;
  let redirectUri: string;
  if (client.signIn.kind === 'first-party-preauthorized') {
    clientId = client.signIn.clientId;
    redirectUri = FIRST_PARTY_LOOPBACK_REDIRECT;
  } else {
    if (ctx.clientsClientId === undefined) return { skip: 'MCP_CLIENTS_CLIENT_ID is not set' };
    clientId = ctx.clientsClientId;
    const first = wantedRedirects(client, ctx.mcpUrl)[0];
    if (first === undefined) return { skip: 'no redirect URI known' };
    redirectUri = withPort(first.uri);
  }
  const resource = client.sendsResource === 'never' ? undefined : ctx.resource;
  const url = new URL(ctx.authorizationEndpoint);
  const params: Record<string, string> = {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: ctx.scope,
    state: 'entra-mcp-doctor',
    // Any valid S256 challenge: nothing is ever redeemed.
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...(resource === undefined ? {} : { resource }),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.href, clientId, redirectUri, scope: ctx.scope, resource };
}

function withPort(uri: string): string {
  if (!isLoopbackHttpUrl(uri)) return uri;
  const u = new URL(uri);
  if (u.port === '') u.port = String(PROBE_LOOPBACK_PORT);
  return u.href;
}

/** What the authorize endpoint answered, reduced to what the verdict needs. */
export interface AuthorizeAnswer {
  readonly status: number;
  readonly location: string | null;
  /** The body of a non-redirect answer (the error page or the sign-in page). */
  readonly body: string;
}

/**
 * Pure: Entra's verdict on a probe. An error it will not send to the client (unknown client,
 * unregistered redirect) is on its error page; one it may send goes back to the redirect URI as
 * `error`/`error_description`. A redirect anywhere else (the sign-in page) or a 200 page
 * without an AADSTS code is the sign-in page: the request is fine.
 */
export function classifyAuthorizeAnswer(answer: AuthorizeAnswer, redirectUri: string): { ok: true } | { ok: false; code: string; detail: string } {
  if (answer.location !== null) {
    const to = new URL(answer.location, 'http://invalid/');
    const back = new URL(redirectUri);
    const toRedirect = to.protocol === back.protocol && to.hostname === back.hostname && to.pathname === back.pathname;
    const params = new URLSearchParams(to.hash.length > 1 ? to.hash.slice(1) : to.search);
    const error = params.get('error');
    if (!toRedirect || error === null) return { ok: true };
    const description = params.get('error_description') ?? '';
    const code = /AADSTS(\d+)/.exec(description)?.[0] ?? error;
    return { ok: false, code, detail: firstLine(description.replace(/^AADSTS\d+:\s*/, '')) || error };
  }
  const match = /AADSTS(\d+)[:\s]*([^<"\r\n]*)/.exec(answer.body);
  if (match !== null) return { ok: false, code: `AADSTS${match[1]}`, detail: firstLine(decodeEntities(match[2] ?? '')) };
  if (answer.status === 200) return { ok: true };
  return { ok: false, code: `HTTP ${answer.status}`, detail: `the authorize endpoint answered ${answer.status} without an AADSTS code` };
}

/** Entra's own words, quoted (they are the identity provider's text, shown, never interpreted), first sentence only. */
function firstLine(text: string): string {
  const line = (text.split(/\r?\n/)[0] ?? '').trim();
  const sentence = /^.*?\.(?=\s|$)/.exec(line)?.[0] ?? line;
  return sentence === '' ? '' : `Entra: ${JSON.stringify(sentence.slice(0, 240))}`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e] ?? e);
}
