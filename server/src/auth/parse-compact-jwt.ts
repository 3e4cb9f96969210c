import { AuthError } from './auth-error.ts';

export interface ParsedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

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
  try {
    return { header: decodeSegment(parts[0]!), payload: decodeSegment(parts[1]!) };
  } catch {
    throw new AuthError('malformed_token', 'token header or payload is not valid JSON');
  }
}
