/**
 * Where Entra sends the browser back to the proxy (issue 9). Its own file so the root
 * library (the registration description) can name it without loading proxy mode.
 */
export const UPSTREAM_CALLBACK_PATH = '/oauth/callback';
