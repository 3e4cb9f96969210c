import { describe, expect, it } from 'vitest';
import { AuthError } from './auth-error.ts';
import { extractBearerToken } from './extract-bearer-token.ts';

const none = new URLSearchParams();

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('extractBearerToken', () => {
  it('returns the token whatever the case of the scheme', () => {
    expect(extractBearerToken('Bearer abc.def.ghi', none)).toBe('abc.def.ghi');
    expect(extractBearerToken('bEaReR  abc.def.ghi ', none)).toBe('abc.def.ghi');
  });

  it.each([
    [undefined, 'missing_token'],
    ['', 'missing_token'],
    ['Basic dXNlcjpwYXNz', 'missing_token'],
    ['Bearer', 'malformed_authorization'],
    ['Bearer a b', 'malformed_authorization'],
    ['Bearer "quoted"', 'malformed_authorization'],
    ['=Bearer x', 'malformed_authorization'],
  ])('%j → %s', (header, expected) => {
    expect(code(() => extractBearerToken(header, none))).toBe(expected);
  });

  it('refuses a token in the query string, even beside a good header', () => {
    const search = new URLSearchParams({ access_token: 'x' });
    expect(code(() => extractBearerToken(undefined, search))).toBe('token_in_query');
    expect(code(() => extractBearerToken('Bearer abc', search))).toBe('token_in_query');
  });
});
