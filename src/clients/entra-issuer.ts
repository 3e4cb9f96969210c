import { isGuid, TENANT_ID_PLACEHOLDER } from '../../server/src/entra/index.ts';

/**
 * Pure: whether an authorization server is Entra (or the local stand-in, which answers
 * as Entra does). Entra's metadata carries `cloud_instance_name` and its endpoints sit
 * under `/oauth2/v2.0/`. Entra refuses RFC 8707 `resource` unless it names one of the
 * app's identifier URIs (AADSTS9010010 / 901002), so the sign-in client sends `resource`
 * only to servers this says are not Entra.
 */
export function isEntraAuthorizationServer(metadata: Readonly<Record<string, unknown>>): boolean {
  return typeof metadata.cloud_instance_name === 'string' || /\/oauth2\/v2\.0\/authorize$/.test(String(metadata.authorization_endpoint ?? ''));
}

const V2_ISSUER = /^(https?:\/\/[^/]+)\/([^/]+)\/v2\.0$/;

/**
 * Pure: whether the `issuer` an Entra v2.0 document publishes answers for the authority
 * asked. Entra does not echo the authority: `organizations` and `common` publish the
 * template `{origin}/{tenantid}/v2.0`, and a tenant named by domain (or `consumers`)
 * publishes its GUID
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri).
 * So: the same string; for a GUID authority, the same GUID in any case; for any other
 * authority on the same origin, the template or a GUID.
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
  if (isGuid(a[2]!)) return a[2]!.toLowerCase() === p[2];
  return p[2] === TENANT_ID_PLACEHOLDER || isGuid(p[2]!);
}
