/** Client secret rotation without downtime (`npm run rotate-secret`). Named exports only. */
export { defaultCleanupPolicy, planPasswordCleanup, type CleanupPlan, type CleanupPolicy } from './plan-password-cleanup.ts';
export { proveClientSecret, type ProveSecretOptions } from './prove-client-secret.ts';
export { rotateSecretSpec, runRotateSecret } from './rotate-secret-command.ts';
export { rotateSecret, type RotateSecretOptions, type RotateSecretResult } from './rotate-secret.ts';
export { keyVaultScope, setKeyVaultSecret, type SetKeyVaultSecretOptions } from './set-key-vault-secret.ts';
export { discoverAuthorityKeys, verifyIssuedToken, type AuthorityKeys } from './verify-issued-token.ts';
