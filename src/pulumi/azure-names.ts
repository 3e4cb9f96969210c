import { createHash } from 'node:crypto';

// The resource group's name carries azure-native's random suffix, fresh on every create,
// so names hashed from it are unique per deployment: a redeploy after `destroy` never meets
// the soft-deleted vault of the previous one (its name stays reserved until purged).
function digest(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/**
 * The container registry's globally unique name: 5-50 letters and digits, no hyphens.
 *
 * @example
 * registryName('entra-mcp-dev-rg1a2b3c4d'); // 'entramcp' + 12 hex digits
 */
export function registryName(resourceGroupName: string): string {
  return `entramcp${digest(`acr:${resourceGroupName}`, 12)}`;
}

/**
 * The Key Vault's globally unique name: 3-24 characters, letters, digits and hyphens,
 * starting with a letter.
 *
 * @example
 * keyVaultName('entra-mcp-dev-rg1a2b3c4d'); // 'kv-entramcp-' + 12 hex digits
 */
export function keyVaultName(resourceGroupName: string): string {
  return `kv-entramcp-${digest(`kv:${resourceGroupName}`, 12)}`;
}
