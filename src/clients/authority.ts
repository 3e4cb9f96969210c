import { isIP } from 'node:net';
import { ClientError } from './client-errors.ts';
import { getJson, type Fetch } from './oauth-http.ts';

/** Whether `url` is plain `http` on a loopback host: the only place the clients accept no TLS. */
export function isLoopbackHttp(url: string | URL): boolean {
  const u = typeof url === 'string' ? new URL(url) : url;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return u.protocol === 'http:' && (host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.')));
}

/** Pure: Entra's v2.0 issuer for a tenant, e.g. `https://login.microsoftonline.com/{tenant}/v2.0`. */
export function entraIssuer(authorityHost: string, tenantId: string): string {
  return `${authorityHost.replace(/\/+$/, '')}/${tenantId}/v2.0`;
}

/**
 * Pure: whether an authorization server is Entra (or the local stand-in, which answers
 * as Entra does). Entra's metadata carries `cloud_instance_name` and its endpoints sit
 * under `/oauth2/v2.0/`. Entra refuses RFC 8707 `resource` (AADSTS9010010 / 901002), so
 * the sign-in client sends `resource` only to servers this says are not Entra.
 */
export function isEntraAuthorizationServer(metadata: Readonly<Record<string, unknown>>): boolean {
  return typeof metadata.cloud_instance_name === 'string' || /\/oauth2\/v2\.0\/authorize$/.test(String(metadata.authorization_endpoint ?? ''));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const V2_ISSUER = /^(https?:\/\/[^/]+)\/([^/]+)\/v2\.0$/;

/**
 * Pure: whether the `issuer` an Entra v2.0 document publishes answers for the authority
 * asked. Entra does not echo the authority: `organizations` and `common` publish the
 * template `{origin}/{tenantid}/v2.0`, and a tenant named by domain (or `consumers`)
 * publishes its GUID (ENTRA-FACTS §1; panva/wellknown entra-common). So: the same
 * string; for a GUID authority, the same GUID in any case; for any other authority on the
 * same origin, the template or a GUID.
 *
 * @example
 * ```ts
 * entraIssuerMatches('https://login.microsoftonline.com/organizations/v2.0', 'https://login.microsoftonline.com/{tenantid}/v2.0'); // true
 * ```
 */
export function entraIssuerMatches(asked: string, published: unknown): boolean {
  if (typeof published !== 'string') return false;
  if (published === asked) return true;
  const a = V2_ISSUER.exec(asked);
  const p = V2_ISSUER.exec(published);
  if (a === null || p === null || a[1] !== p[1]) return false;
  if (GUID.test(a[2]!)) return a[2]!.toLowerCase() === p[2];
  return p[2] === '{tenantid}' || GUID.test(p[2]!);
}

/** The OpenID configuration of an Entra issuer (`{issuer}/.well-known/openid-configuration`). */
export async function fetchOpenIdConfiguration(fetchImpl: Fetch, issuer: string): Promise<Record<string, unknown>> {
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw new ClientError('config', `the authority ${JSON.stringify(url.origin)} must use https (plain http is accepted on a loopback host only)`);
  }
  const metadata = await getJson(fetchImpl, `${issuer}/.well-known/openid-configuration`);
  if (!entraIssuerMatches(issuer, metadata.issuer)) {
    throw new ClientError('protocol', `the discovery document at ${issuer} names issuer ${JSON.stringify(metadata.issuer)}`);
  }
  return metadata;
}
