import * as pulumi from '@pulumi/pulumi';
import * as azuread from '@pulumi/azuread';
import { DEFAULT_AUTHORITY_HOST } from '../../server/src/entra/index.ts';
import { managedIdentityFederatedCredential } from '../registration/proxy-mode-registration.ts';
import type { EntraAppRegistration } from './entra-app-registration.ts';

/**
 * Proxy mode without a secret: the registration trusts the server's user-assigned managed
 * identity (workload identity federation), whose token the server sends as its
 * client_assertion
 * (https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * Every field comes from the registration description; the public cloud's authority, like the
 * rest of the program. Parented to the registration, whose application it belongs to.
 */
export function proxyFederatedCredential(
  name: string,
  registration: EntraAppRegistration,
  args: { readonly tenantId: pulumi.Input<string>; readonly principalId: pulumi.Input<string> },
): azuread.ApplicationFederatedIdentityCredential {
  const credential = pulumi.all([args.tenantId, args.principalId]).apply(([tenantId, principalId]) =>
    managedIdentityFederatedCredential({ authorityHost: DEFAULT_AUTHORITY_HOST, tenantId, principalId }));
  // The name is fixed (Graph refuses a rename): read it without the identity's id.
  const { name: displayName } = managedIdentityFederatedCredential({ authorityHost: DEFAULT_AUTHORITY_HOST, tenantId: 'common', principalId: '' });
  return new azuread.ApplicationFederatedIdentityCredential(`${name}-proxy-managed-identity`, {
    applicationId: registration.applicationId,
    displayName,
    issuer: credential.issuer,
    subject: credential.subject,
    audiences: credential.audiences.apply((a) => [...a]),
    description: credential.description,
  }, { parent: registration });
}
