/** oidc-provider's endpoints in proxy mode, under `/oauth/` beside the MCP server's own paths. */
export const PROXY_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  registration: '/oauth/register',
  jwks: '/oauth/jwks',
  revocation: '/oauth/revoke',
  // Not enabled; parked under /oauth/ so they never collide with the server's paths.
  userinfo: '/oauth/userinfo',
  introspection: '/oauth/introspect',
  end_session: '/oauth/logout',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  pushed_authorization_request: '/oauth/par',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
} as const;

/** The proxy's own pages: the consent page (`/oauth/consent/{uid}`) and Entra's redirect back. */
export const CONSENT_PATH_PREFIX = '/oauth/consent/';
export { UPSTREAM_CALLBACK_PATH } from './upstream-callback-path.ts';
