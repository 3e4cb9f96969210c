/** Form fields a client authenticates with; the front layer checks them and never passes them to oidc-provider. */
export const CREDENTIAL_FIELDS = ['client_secret', 'client_assertion', 'client_assertion_type'] as const;

/** Pure: the client id and secret of an HTTP Basic `Authorization` header (RFC 6749 §2.3.1: form-encoded, then base64). */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (header === undefined || !header.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}
