import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAuthorizeClient, checkDeviceCodeRequest, checkScopeAndResource, checkTokenRequest, type ClientAuthentication, type TenantView } from './check-entra-request.ts';
import { checkCrossOriginRedemption, checkSpaPkce } from './check-cross-origin.ts';
import { checkResponseType, errorsInFragment } from './check-response-type.ts';
import { entraErrorBody, EntraError } from './entra-error.ts';
import { checkAuthorizationCode, checkRefreshToken, type StoredAuthorizationCode } from './check-grant-source.ts';
import { plainChallengeAsS256 } from './plain-challenge.ts';
import { correlationIdOf } from './entra-response-shaping.ts';
import { readBody, replayRequest, sendHtml, sendJson } from './http-io.ts';
import { markOfflineAccess } from './keep-offline-access.ts';
import { errorPage } from './interaction-pages.ts';
import { matchRedirectUri } from './redirect-match.ts';
import { setClientAuthentication } from './request-context.ts';
import { selectAccountAsLogin } from './select-account-prompt.ts';
import { isGuid } from '../../server/src/entra/index.ts';
import { basicCredentials, CREDENTIAL_FIELDS } from './client-credentials.ts';
import { createFrontGuards, setAntiFramingHeaders, type FrontGuardOptions } from './front-guards.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What the front layer routes to. */
export interface FrontSetup {
  readonly tenantId: string;
  readonly tenant: TenantView;
  /** oidc-provider's node handler, mounted at `/{tenant}`. */
  readonly provider: Handler;
  readonly interactions: Handler;
  readonly discovery: () => unknown;
  readonly jwks: () => unknown;
  /** The stored authorization code a token request redeems, for Entra's own code errors. */
  readonly findAuthorizationCode?: (code: string) => Promise<StoredAuthorizationCode | undefined>;
  /** The stored refresh token a token request redeems (its client, and whether it expired). */
  readonly findRefreshToken?: (token: string) => Promise<{ clientId: string; expired: boolean } | undefined>;
  /** Checks a client assertion against the named app's federated credentials (verify-client-assertion.ts); throws EntraError. */
  readonly verifyClientAssertion?: (params: Readonly<Record<string, string>>) => Promise<void>;
  /** Revokes every token of a grant: called when its authorization code is replayed. */
  readonly revokeGrant?: (grantId: string) => Promise<void>;
  /** The store bound and the user-code throttle (front-guards.ts). */
  readonly guards?: FrontGuardOptions;
  readonly now?: () => Date;
}

/**
 * The node request handler of the local identity provider: Entra's URL layout in front of
 * oidc-provider. oidc-provider cannot place its issuer (`/{tenant}/v2.0`) apart from its
 * endpoints (`/{tenant}/oauth2/v2.0/...`, `/{tenant}/discovery/v2.0/keys`), and it knows
 * nothing of AADSTS rules, so this layer serves Entra's discovery document and keys
 * itself, checks each authorize, devicecode and token request the way Entra does
 * (answering Entra's errors), removes what oidc-provider must not see (`resource`,
 * client secrets), and mounts oidc-provider at `/{tenant}` for the rest.
 */
export function createEntraFront(setup: FrontSetup): Handler {
  const prefix = `/${setup.tenantId}`;
  const now = setup.now ?? (() => new Date());

  const jsonError = (req: IncomingMessage, res: ServerResponse, failure: EntraError): void => {
    sendJson(res, failure.status, entraErrorBody(failure, { traceId: randomUUID(), correlationId: correlationIdOf(req.headers['client-request-id']), now: now() }));
  };

  const mount = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    // oidc-provider derives its mount path from `originalUrl` minus `url` (oidc_context.js).
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = (req.url ?? '').slice(prefix.length) || '/';
    return setup.provider(req, res);
  };

  const authorize = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const params = body === undefined ? url.searchParams : new URLSearchParams(body);
    const p = Object.fromEntries(params);
    let trusted;
    try {
      trusted = checkAuthorizeClient(p, setup.tenant);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      sendHtml(res, 400, errorPage(error.message));
      return;
    }
    try {
      checkResponseType(p.response_type);
      checkScopeAndResource(p, trusted.client, setup.tenant);
      checkSpaPkce(trusted.redirect, p.code_challenge);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      const body = entraErrorBody(error, { traceId: randomUUID(), correlationId: correlationIdOf(req.headers['client-request-id']), now: now() });
      const back = new URL(p.redirect_uri ?? trusted.redirect.uri);
      const answer = new URLSearchParams({ error: body.error, error_description: body.error_description, error_uri: body.error_uri });
      if (p.state !== undefined) answer.set('state', p.state);
      if (errorsInFragment(p.response_mode, p.response_type)) back.hash = answer.toString();
      else for (const [k, v] of answer) back.searchParams.set(k, v);
      res.statusCode = 302;
      res.setHeader('Location', back.href);
      res.end();
      return;
    }
    params.delete('resource');
    plainChallengeAsS256(params);
    markOfflineAccess(params);
    selectAccountAsLogin(params);
    if (body === undefined) {
      req.url = `${url.pathname}?${params.toString()}`;
      return mount(req, res);
    }
    const copy = replayRequest(req, params.toString());
    return mount(copy, res);
  };

  /** Entra's `/token` checks, in order: client and credential, CORS redemption, then the code itself. */
  const checkToken = async (p: Record<string, string>, secret: string | undefined, origin: string | undefined): Promise<ClientAuthentication> => {
    const assertion = p.client_assertion !== undefined || p.client_assertion_type !== undefined;
    if (assertion) await (setup.verifyClientAssertion ?? (() => Promise.reject(new EntraError('invalid_request', 70021, 'No matching federated identity record found for presented assertion.'))))(p);
    const { client, azpacr } = checkTokenRequest(p, secret, setup.tenant, assertion);
    const redirect = p.redirect_uri === undefined ? undefined : matchRedirectUri(p.redirect_uri, client.redirectUris);
    checkCrossOriginRedemption(p.grant_type, redirect, origin);
    if (p.grant_type === 'authorization_code' && p.code !== undefined && setup.findAuthorizationCode !== undefined) {
      const stored = await setup.findAuthorizationCode(p.code);
      if (stored?.consumed === true && stored.grantId !== undefined) await setup.revokeGrant?.(stored.grantId);
      checkAuthorizationCode(p.client_id, p.code_verifier, stored);
    }
    if (p.grant_type === 'refresh_token' && p.refresh_token !== undefined && setup.findRefreshToken !== undefined) {
      checkRefreshToken(p.client_id, await setup.findRefreshToken(p.refresh_token));
    }
    return azpacr;
  };

  const formEndpoint = async (req: IncomingMessage, res: ServerResponse, kind: 'token' | 'devicecode'): Promise<void> => {
    if (req.method !== 'POST') {
      // Entra's answer, a 400 (REPORTED: NunoFilipeMota/PublicScripts#5, BitySA/oauth2-auth-code-pkce#30).
      jsonError(req, res, new EntraError('invalid_request', 900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${req.method ?? 'GET'} request.`));
      return;
    }
    const params = new URLSearchParams(await readBody(req));
    const basic = basicCredentials(req.headers.authorization);
    if (basic !== undefined && !params.has('client_id')) params.set('client_id', basic.id);
    const secret = params.get('client_secret') ?? basic?.secret;
    let azpacr: ClientAuthentication = 0;
    try {
      const p = Object.fromEntries(params);
      if (kind === 'token') azpacr = await checkToken(p, secret ?? undefined, req.headers.origin);
      else checkDeviceCodeRequest(p, setup.tenant);
    } catch (error) {
      if (!(error instanceof EntraError)) throw error;
      jsonError(req, res, error);
      return;
    }
    for (const field of [...CREDENTIAL_FIELDS, 'resource']) params.delete(field);
    const copy = replayRequest(req, params.toString(), ['authorization']);
    setClientAuthentication(copy, azpacr);
    return mount(copy, res);
  };

  const guard = createFrontGuards(setup.guards ?? {}, jsonError);

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    setAntiFramingHeaders(res);
    try {
      if (path === '/devicelogin') {
        // Entra's verification URI names no tenant (microsoft.com/devicelogin).
        res.statusCode = 302;
        res.setHeader('Location', `${prefix}/devicelogin${url.search}`);
        res.end();
        return;
      }
      if (!path.toLowerCase().startsWith(`${prefix}/`)) {
        const tenant = path.split('/')[1] ?? '';
        // Another tenant id or domain is Entra's AADSTS90002 (https://learn.microsoft.com/entra/identity-platform/reference-error-codes:
        // InvalidTenantName), so a mistyped AZURE_TENANT_ID reads as it would against Entra.
        const failure = isGuid(tenant) || tenant.includes('.')
          ? new EntraError('invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`)
          : new EntraError('invalid_request', 90014, `Tenant or path not found: this local provider serves the tenant ${setup.tenantId} only.`, 404);
        jsonError(req, res, failure);
        return;
      }
      const rest = path.slice(prefix.length);
      if (guard(req, res, rest)) return;
      if (rest === '/v2.0/.well-known/openid-configuration') return sendJson(res, 200, setup.discovery(), 'discovery');
      if (rest === '/discovery/v2.0/keys') return sendJson(res, 200, setup.jwks(), 'discovery');
      if (rest === '/oauth2/v2.0/authorize') return await authorize(req, res, url);
      if (rest === '/oauth2/v2.0/token') return await formEndpoint(req, res, 'token');
      if (rest === '/oauth2/v2.0/devicecode') return await formEndpoint(req, res, 'devicecode');
      if (rest.startsWith('/login/')) return await setup.interactions(req, res);
      // The resume routes (`.../authorize/{uid}`, `/devicelogin/{uid}`) and logout are oidc-provider's own.
      if (rest.startsWith('/oauth2/v2.0/authorize/') || rest === '/devicelogin' || rest.startsWith('/devicelogin/') || rest === '/oauth2/v2.0/logout' || rest.startsWith('/oauth2/v2.0/logout/')) {
        return await mount(req, res);
      }
      jsonError(req, res, new EntraError('invalid_request', 90014, `No endpoint at ${path}.`, 404));
    } catch (error) {
      if (res.headersSent) {
        res.destroy(error as Error);
        return;
      }
      jsonError(req, res, new EntraError('server_error', 50000, 'There was an error issuing a token or an issue with our sign-in service.', 500));
    }
  };
}
