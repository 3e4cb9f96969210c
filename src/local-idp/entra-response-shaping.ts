import { randomUUID } from 'node:crypto';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { isGuid } from '../../server/src/entra/index.ts';
import { entraErrorBody, EntraError } from './entra-error.ts';
import { toEntraError } from './to-entra-error.ts';
import { DEVICE_CODE_INTERVAL_SECONDS } from './local-defaults.ts';

/**
 * Entra echoes a GUID `client-request-id` header as the correlation id (MSAL sends one);
 * otherwise it makes one up.
 */
export function correlationIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && isGuid(header) ? header.toLowerCase() : randomUUID();
}

/** Writes `failure` as Entra's JSON error body. */
export function sendEntraJsonError(ctx: { status: number; body: unknown; get(name: string): string }, failure: EntraError, now: Date): void {
  ctx.status = failure.status;
  ctx.body = entraErrorBody(failure, { traceId: randomUUID(), correlationId: correlationIdOf(ctx.get('client-request-id')), now });
}

/**
 * Pure: Entra's `/devicecode` answer from oidc-provider's. Entra has no
 * `verification_uri_complete`, sends `interval` and a `message` to show
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code), and its verification URI names no tenant.
 */
export function entraDeviceCodeBody(body: Record<string, unknown>, verificationUri: string): Record<string, unknown> {
  const userCode = String(body.user_code);
  return {
    user_code: userCode,
    device_code: body.device_code,
    verification_uri: verificationUri,
    expires_in: body.expires_in,
    interval: DEVICE_CODE_INTERVAL_SECONDS,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  };
}

/** Pure: Entra's token answer from oidc-provider's: adds `ext_expires_in`, in Entra's key order. */
export function entraTokenBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    token_type: body.token_type,
    scope: body.scope,
    expires_in: body.expires_in,
    ext_expires_in: body.expires_in,
    access_token: body.access_token,
  };
  if (body.refresh_token !== undefined) out.refresh_token = body.refresh_token;
  if (body.id_token !== undefined) out.id_token = body.id_token;
  return out;
}

/**
 * Pure: an authorization error redirect with Entra's description. oidc-provider writes
 * its own text (`End-User authentication is required`); Entra's starts with the AADSTS
 * code and carries trace and correlation ids. Undefined when `location` is not an error
 * redirect or is already in Entra's form.
 */
export function entraErrorRedirect(location: string, ids: { traceId: string; correlationId: string; now: Date }): string | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  const inFragment = url.hash.length > 1 && !url.searchParams.has('error');
  const params = inFragment ? new URLSearchParams(url.hash.slice(1)) : url.searchParams;
  const error = params.get('error');
  const description = params.get('error_description') ?? '';
  if (error === null || description.includes('\r\nTrace ID: ')) return undefined;
  // oidc-provider adds RFC 9207 `iss` to error redirects too; Entra sends none (see withoutIssParameter).
  params.delete('iss');
  const body = entraErrorBody(toEntraError(error, description), ids);
  params.set('error', body.error);
  params.set('error_description', body.error_description);
  params.set('error_uri', body.error_uri);
  if (inFragment) url.hash = params.toString();
  return url.href;
}

/**
 * For oidc-provider's `authorization.success` event, which hands over the response
 * parameters before they are sent: removes the RFC 9207 `iss` oidc-provider always adds.
 * Entra's authorization response carries `code` and `state` only
 * (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, "Successful response"), and its discovery document
 * has no `authorization_response_iss_parameter_supported`, so a client that expects `iss`
 * must be seen failing here as it would against Entra.
 */
export function withoutIssParameter(_ctx: KoaContextWithOIDC, out?: Record<string, unknown>): void {
  // The device flow emits the same event with no response parameters.
  if (out !== undefined) delete out.iss;
}

/**
 * Entra's token and device code answers, errors included, say `Cache-Control: no-store,
 * no-cache` and `Pragma: no-cache` (as https://login.microsoftonline.com answers); oidc-provider
 * sends `no-store` alone.
 */
function setEntraNoCache(ctx: KoaContextWithOIDC): void {
  ctx.set('Cache-Control', 'no-store, no-cache');
  ctx.set('Pragma', 'no-cache');
}

/**
 * A koa middleware for `provider.use`: after oidc-provider answered, reshapes JSON
 * errors, device code and token answers as Entra sends them. `onDeviceCode` sees each
 * new device code (automation approves it there); `reshapeIdToken` re-signs an ID token
 * in Entra's form (reshape-id-token.ts).
 */
export function entraResponseShaping(options: {
  verificationUri: string;
  onDeviceCode?: (deviceCode: string) => Promise<void>;
  reshapeIdToken?: (idToken: string) => Promise<string>;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  return async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>): Promise<void> => {
    await next();
    if (ctx.status >= 300 && ctx.status < 400) {
      const location = ctx.response.get('location');
      const rewritten = location === '' ? undefined : entraErrorRedirect(location, { traceId: randomUUID(), correlationId: correlationIdOf(ctx.get('client-request-id')), now: now() });
      if (rewritten !== undefined) ctx.redirect(rewritten);
      return;
    }
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const route = ctx.oidc?.route;
    if (route === 'token' || route === 'device_authorization') setEntraNoCache(ctx);
    if (typeof body.error === 'string' && !('error_codes' in body)) {
      const grantType = route === 'token' ? String(ctx.oidc.params?.grant_type ?? '') : undefined;
      sendEntraJsonError(ctx, toEntraError(body.error, typeof body.error_description === 'string' ? body.error_description : undefined, grantType), now());
    } else if (route === 'device_authorization' && ctx.status === 200) {
      ctx.body = entraDeviceCodeBody(body, options.verificationUri);
      if (options.onDeviceCode !== undefined) await options.onDeviceCode(String(body.device_code));
    } else if (route === 'token' && ctx.status === 200) {
      const shaped = entraTokenBody(body);
      if (typeof shaped.id_token === 'string' && options.reshapeIdToken !== undefined) shaped.id_token = await options.reshapeIdToken(shaped.id_token);
      ctx.body = shaped;
    }
  };
}
