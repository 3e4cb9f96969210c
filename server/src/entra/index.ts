// Facts about Entra that the server and the root library share. The server package is the
// home because its image carries only `server/`; the root library imports from here.
export { isLoopbackHostname, isLoopbackHttpUrl, isHttpsOrLoopbackUrl } from './loopback.ts';
export { isGuid, EXAMPLE_GUID } from './guid.ts';
export { entraV2Issuer, issuerForTenant, TENANT_ID_PLACEHOLDER } from './issuer.ts';
export { DEFAULT_AUTHORITY_HOST } from './clouds.ts';
