import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenClaims } from './access-token-claims.ts';

describe('accessTokenClaims', () => {
  it("reads a JWT access token's claims (Entra's tokens)", () => {
    const jwt = new UnsecuredJWT({ aud: 'api', scp: 'access_as_user' }).encode();
    expect(accessTokenClaims(jwt)).toMatchObject({ aud: 'api', scp: 'access_as_user' });
  });

  it('takes an opaque access token without failing (RFC 6749 §1.4)', () => {
    expect(accessTokenClaims('test-token-1764752000000')).toEqual({});
  });
});
