import { isLoopbackHttpUrl } from '../entra/index.ts';
import { ProxyOAuthError } from './proxy-oauth-error.ts';

/** Bounds on one registration, so that registering cannot be used to fill the store. */
export interface RegistrationLimits {
  readonly maxRedirectUris: number;
  readonly maxUriLength: number;
  readonly maxClientNameLength: number;
}

export const DEFAULT_REGISTRATION_LIMITS: RegistrationLimits = { maxRedirectUris: 10, maxUriLength: 2000, maxClientNameLength: 200 };

type RedirectKind = 'loopback' | 'private-use' | 'https';

// Schemes a native app cannot claim as its own (RFC 8252 §7.1 wants a reverse domain name;
// these would hand the code to a browser or to the system instead).
const NOT_PRIVATE_USE = new Set(['http:', 'https:', 'javascript:', 'data:', 'file:', 'blob:', 'about:', 'ftp:', 'ws:', 'wss:', 'mailto:']);

function redirectKind(uri: string): RedirectKind | undefined {
  const url = URL.parse(uri);
  if (url === null || url.hash !== '' || uri.includes('#')) return undefined;
  if (isLoopbackHttpUrl(url)) return 'loopback';
  if (url.protocol === 'https:') return url.username === '' && url.password === '' ? 'https' : undefined;
  return NOT_PRIVATE_USE.has(url.protocol) ? undefined : 'private-use';
}

function stringList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new ProxyOAuthError('invalid_client_metadata', `${name} must be an array of strings`);
  }
  return value;
}

/**
 * Pure: checks a dynamic registration request (RFC 7591) for a public client and returns
 * the metadata to register, with `application_type` and `token_endpoint_auth_method`
 * settled. `application_type` must fit every redirect URI: `native` takes loopback
 * `http` (any port, RFC 8252 §7.3) and private-use schemes (§7.1), `web` takes `https`.
 * Most MCP clients send no `application_type` while registering a loopback URI, which
 * OpenID's default (`web`) would refuse; so an absent one is read from the URIs when
 * they all agree. Throws ProxyOAuthError.
 */
export function checkRegistrationRequest(body: unknown, limits: RegistrationLimits = DEFAULT_REGISTRATION_LIMITS): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ProxyOAuthError('invalid_client_metadata', 'the registration request must be a JSON object');
  const metadata = { ...(body as Record<string, unknown>) };
  const uris = stringList(metadata, 'redirect_uris');
  if (uris === undefined || uris.length === 0) throw new ProxyOAuthError('invalid_redirect_uri', 'redirect_uris must list at least one redirect URI');
  if (uris.length > limits.maxRedirectUris) throw new ProxyOAuthError('invalid_redirect_uri', `at most ${limits.maxRedirectUris} redirect URIs may be registered`);
  const kinds = uris.map((uri, i) => {
    if (uri.length > limits.maxUriLength) throw new ProxyOAuthError('invalid_redirect_uri', `redirect_uris[${i}] is longer than ${limits.maxUriLength} characters`);
    const kind = redirectKind(uri);
    if (kind === undefined) throw new ProxyOAuthError('invalid_redirect_uri', `redirect_uris[${i}] must be https, http on a loopback address, or a private-use scheme, without a fragment`);
    return kind;
  });
  const native = kinds.every((k) => k !== 'https');
  const web = kinds.every((k) => k === 'https');
  const type = metadata['application_type'] ?? (native ? 'native' : web ? 'web' : undefined);
  if (type === undefined) throw new ProxyOAuthError('invalid_redirect_uri', 'redirect_uris mix https with loopback or private-use URIs: register the web and native clients separately');
  if (type === 'native' && !native) throw new ProxyOAuthError('invalid_redirect_uri', 'a native client registers only loopback http or private-use scheme redirect URIs (RFC 8252 §7)');
  if (type === 'web' && !web) throw new ProxyOAuthError('invalid_redirect_uri', 'a web client registers only https redirect URIs');
  if (type !== 'native' && type !== 'web') throw new ProxyOAuthError('invalid_client_metadata', 'application_type must be native or web');
  metadata['application_type'] = type;

  const auth = metadata['token_endpoint_auth_method'] ?? 'none';
  if (auth !== 'none') throw new ProxyOAuthError('invalid_client_metadata', 'only public clients register here: token_endpoint_auth_method must be none');
  metadata['token_endpoint_auth_method'] = 'none';
  const grants = stringList(metadata, 'grant_types') ?? ['authorization_code', 'refresh_token'];
  if (!grants.includes('authorization_code') || grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token')) {
    throw new ProxyOAuthError('invalid_client_metadata', 'grant_types must be authorization_code, optionally with refresh_token');
  }
  metadata['grant_types'] = grants;
  const responseTypes = stringList(metadata, 'response_types') ?? ['code'];
  if (responseTypes.length !== 1 || responseTypes[0] !== 'code') throw new ProxyOAuthError('invalid_client_metadata', 'response_types must be ["code"]');
  metadata['response_types'] = responseTypes;

  const name = metadata['client_name'];
  if (name !== undefined && (typeof name !== 'string' || name.length > limits.maxClientNameLength)) {
    throw new ProxyOAuthError('invalid_client_metadata', `client_name must be a string of at most ${limits.maxClientNameLength} characters`);
  }
  for (const field of ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri']) {
    const value = metadata[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > limits.maxUriLength || !value.startsWith('https://'))) {
      throw new ProxyOAuthError('invalid_client_metadata', `${field} must be an https URL of at most ${limits.maxUriLength} characters`);
    }
  }
  return metadata;
}
