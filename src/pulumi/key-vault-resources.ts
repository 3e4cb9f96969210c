import * as pulumi from '@pulumi/pulumi';
import * as keyvault from '@pulumi/azure-native/keyvault/index.js';
import { keyVaultName } from './azure-names.ts';

/**
 * The stack's Key Vault: Azure RBAC (no access policies), soft delete for
 * `keyVaultRetentionDays`. Purge protection stays off (it cannot be turned off once on):
 * `destroy` followed by a purge must be able to remove everything.
 */
export function keyVault(
  logical: string,
  args: { readonly resourceGroupName: pulumi.Output<string>; readonly location: string; readonly tenantId: pulumi.Input<string>; readonly retentionDays: number },
  opts: pulumi.CustomResourceOptions,
): keyvault.Vault {
  return new keyvault.Vault(logical, {
    resourceGroupName: args.resourceGroupName,
    location: args.location,
    vaultName: args.resourceGroupName.apply(keyVaultName),
    properties: {
      tenantId: args.tenantId,
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: args.retentionDays,
    },
  }, {
    ...opts,
    // Key Vault fixes the soft-delete retention at creation ("once set, the retention policy interval
    // cannot be changed"): an update would fail, so a changed setting applies to a later vault only.
    ignoreChanges: ['properties.softDeleteRetentionInDays'],
  });
}

/** One secret in the stack's vault, its value kept secret in the state. */
export function vaultSecret(
  logical: string,
  args: { readonly resourceGroupName: pulumi.Input<string>; readonly vaultName: pulumi.Input<string>; readonly secretName: string; readonly value: pulumi.Input<string> },
  opts: pulumi.CustomResourceOptions,
): keyvault.Secret {
  return new keyvault.Secret(logical, {
    resourceGroupName: args.resourceGroupName,
    vaultName: args.vaultName,
    secretName: args.secretName,
    properties: { value: pulumi.secret(args.value) },
  }, {
    ...opts,
    // azure-native deletes a secret through the Key Vault data plane (ARM has no DELETE for it),
    // which on an RBAC vault needs a data role the deployer lacks: `destroy` would stop with 403.
    // The secret lives only inside this vault, which `destroy` deletes right after: just forget it.
    retainOnDelete: true,
  });
}
