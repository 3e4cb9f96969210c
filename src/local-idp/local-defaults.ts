/**
 * Fixed identities of the embedded default, so `.env` stays the same from one
 * `npm run dev` to the next. Real Entra values replace them through `.env`.
 */

/** The tenant the local identity provider plays. A GUID, as Entra's `tid` always is. */
export const LOCAL_TENANT_ID = 'f0c4a7e2-3d1b-4c8e-9a6f-0b2d4e6f8a1c';

/** The app registration's client id in the local tenant: the API's audience. */
export const LOCAL_API_CLIENT_ID = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';

/** The "entra-mcp clients" registration's client id in the local tenant (`MCP_CLIENTS_CLIENT_ID`). */
export const LOCAL_MCP_CLIENTS_CLIENT_ID = '3e5a7c91-2b4d-4f6a-8c0e-5d7f9b1a3c6e';

/** Default port of the local identity provider (`npm run dev`); the server keeps its own 8000. */
export const LOCAL_IDP_DEFAULT_PORT = 8010;

/** Entra's device code lifetime (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code: `expires_in` defaults to 900 s). */
export const DEVICE_CODE_TTL_SECONDS = 900;

/** Entra's device code polling interval in seconds (the documented sample value). */
export const DEVICE_CODE_INTERVAL_SECONDS = 5;
