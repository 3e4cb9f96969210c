import { AuthError } from './auth-error.ts';

export interface ParsedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Whether a segment is base64url as an encoder writes it: only the URL-safe alphabet, no
 * padding, and the unused low bits of the last character zero (RFC 4648 §3.5). Decoders ignore
 * those bits, so without this one signature has up to 16 spellings that all verify, each a
 * separate entry in the verified-token cache; with it, one token has one spelling.
 */
function isCanonicalBase64url(segment: string): boolean {
  return SEGMENT.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

function decodeSegment(segment: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Splits and decodes a compact JWS without verifying it. The result decides only why a
 * token is refused; nothing is accepted until the signature has been checked.
 */
export function parseCompactJwt(token: string): ParsedJwt {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p, i) => (i === 2 ? SEGMENT.test(p) || p === '' : SEGMENT.test(p)))) {
    throw new AuthError('malformed_token', parts.length === 5 ? 'encrypted tokens (JWE) are not accepted' : 'not a signed JWT');
  }
  if (!parts.every((p) => p === '' || isCanonicalBase64url(p))) {
    throw new AuthError('malformed_token', 'token is not canonical base64url (the unused bits of a segment must be zero)');
  }
  try {
    return { header: decodeSegment(parts[0]!), payload: decodeSegment(parts[1]!) };
  } catch {
    throw new AuthError('malformed_token', 'token header or payload is not valid JSON');
  }
}
