/**
 * Built-in Azure role definition ids the deployment grants (the same in every tenant).
 * AcrPull: pull images from a registry. Key Vault Secrets User: read secret values from a
 * vault that uses Azure RBAC.
 */
export const AZURE_ROLES = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  // https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-secrets-user
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
} as const;

/** The full role definition id ARM expects in a role assignment. */
export function roleDefinitionId(subscriptionId: string, roleId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}
