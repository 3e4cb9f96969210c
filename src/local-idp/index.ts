/** The local Entra-compatible identity provider (the embedded default of `npm run dev`). */
export { startLocalIdp, type LocalIdpOptions, type RunningLocalIdp } from './start-local-idp.ts';
export { startDevStack, envFileDecision, type DevStack, type DevStackOptions } from './dev-stack.ts';
export { devBanner, type DevBannerInput } from './dev-banner.ts';
export { DEV_USERS, findDevUser, type DevUser } from './dev-directory.ts';
export { LOCAL_API_CLIENT_ID, LOCAL_TENANT_ID, LOCAL_IDP_DEFAULT_PORT } from './local-defaults.ts';
export { EntraError, entraErrorBody, type AadstsCode, type EntraErrorBody } from './entra-error.ts';
export { entraDiscoveryDocument } from './discovery-document.ts';
export { entraAccessTokenClaims, type AccessTokenInput } from './access-token-claims.ts';
export { localClients, type LocalClient, type LocalRedirectUri } from './local-clients.ts';
