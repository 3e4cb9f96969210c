import * as oc from 'openid-client';

/** The token endpoint authentication methods a client holding a secret can use (RFC 7591 §2). */
export type SecretAuthMethod = 'client_secret_basic' | 'client_secret_post';

/**
 * Pure: how a client holding a secret authenticates at a token endpoint, from the server's
 * `token_endpoint_auth_methods_supported` (RFC 8414 §2): `client_secret_basic` where listed
 * or where the list is absent (RFC 8414's default), else `client_secret_post` where listed.
 * Undefined when the server lists neither: the secret is then of no use there.
 */
export function secretAuthMethod(supported: readonly string[] | undefined): SecretAuthMethod | undefined {
  if (supported === undefined || supported.includes('client_secret_basic')) return 'client_secret_basic';
  return supported.includes('client_secret_post') ? 'client_secret_post' : undefined;
}

/**
 * A pre-registered client's authentication at the token endpoint
 * (https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#preregistration),
 * chosen when openid-client calls it, from the metadata of the server it is talking to;
 * a server that takes no secret gets none (a public client).
 */
export function preRegisteredClientAuth(secret: string): oc.ClientAuth {
  return (as, client, body, headers) => {
    const method = secretAuthMethod(as.token_endpoint_auth_methods_supported);
    if (method === 'client_secret_basic') return void headers.set('authorization', basicAuthorization(client.client_id, secret));
    return (method === 'client_secret_post' ? oc.ClientSecretPost(secret) : oc.None())(as, client, body, headers);
  };
}

/**
 * Pure: the `Authorization: Basic` value of RFC 6749 §2.3.1: id and secret each encoded
 * with application/x-www-form-urlencoded, then base64. openid-client's own
 * `ClientSecretBasic` also percent-encodes `-`, `.`, `_`, `~`, which that encoding leaves
 * as they are, so servers that compare without decoding refuse an id like `my-client`.
 */
export function basicAuthorization(clientId: string, secret: string): string {
  const form = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${form(clientId)}:${form(secret)}`).toString('base64')}`;
}
