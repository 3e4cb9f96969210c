import { entraV2Issuer } from '../../../server/src/entra/index.ts';
import { ok, problem, type Finding } from '../finding.ts';

const MULTI_TENANT = new Set(['common', 'organizations']);

/**
 * Pure: the authorization server the metadata names, against the tenant and the registration's
 * audience. Single tenant: it must be `{authority}/{tenant}/v2.0`, the issuer of the tokens the
 * server accepts. Multi-tenant (`organizations`, `common`): the app must be multi-tenant
 * (else AADSTS50194), and a metadata naming `/organizations/v2.0` makes clients that check
 * the issuer (RFC 8414 §3.3) fail, since Entra's document there carries the `{tenantid}`
 * template (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
 */
export function checkMultiTenantIssuer(input: { tenantId: string; authorityHost: string; authorizationServers: readonly string[]; signInAudience: string | undefined }): Finding {
  const check = 'issuer';
  const named = input.authorizationServers[0] ?? '(none)';
  if (MULTI_TENANT.has(input.tenantId.toLowerCase())) {
    if (input.signInAudience !== undefined && input.signInAudience === 'AzureADMyOrg') {
      return problem(check, 'fail', `AZURE_TENANT_ID is ${input.tenantId} but the registration is single-tenant (AzureADMyOrg)`, 'set signInAudience to AzureADMultipleOrgs (Authentication → Supported account types), or use the tenant GUID', { code: 'AADSTS50194' });
    }
    return problem(check, 'warn', `the metadata names ${named}: its discovery document's issuer is the {tenantid} template, which clients that compare issuers refuse`, 'publish a tenant-specific authorization server (AZURE_TENANT_ID = the tenant GUID) unless your clients accept the Entra multi-tenant issuer');
  }
  const expected = entraV2Issuer(input.authorityHost, input.tenantId);
  if (input.authorizationServers.includes(expected)) return ok(check, `the metadata names ${expected}, the issuer of the tokens the server accepts`);
  return problem(check, 'fail', `the metadata names ${named}, not ${expected}: clients sign in where the server does not accept tokens from`, 'set the server\'s AZURE_TENANT_ID and AZURE_AUTHORITY_HOST to those in .env (or fix .env) and restart it');
}
