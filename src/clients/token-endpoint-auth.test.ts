import { describe, expect, it } from 'vitest';
import { basicAuthorization, preRegisteredClientAuth, secretAuthMethod } from './token-endpoint-auth.ts';

/** Runs the client authentication as openid-client does before a token request; returns what it added. */
function applied(supported: string[] | undefined) {
  const body = new URLSearchParams();
  const headers = new Headers();
  const as = { issuer: 'https://as.example', ...(supported === undefined ? {} : { token_endpoint_auth_methods_supported: supported }) };
  preRegisteredClientAuth('s3cret')(as, { client_id: 'pre-registered' }, body, headers);
  return { authorization: headers.get('authorization'), body: Object.fromEntries(body) };
}

describe('a pre-registered client at the token endpoint (RFC 8414 §2)', () => {
  it('form-encodes id and secret in the Basic header as RFC 6749 §2.3.1 says, leaving "-" as it is', () => {
    expect(basicAuthorization('my-client.v2', 'a b:c')).toBe(`Basic ${Buffer.from('my-client.v2:a+b%3Ac').toString('base64')}`);
  });

  it('uses client_secret_basic where listed, and where nothing is listed (the default)', () => {
    expect(secretAuthMethod(['client_secret_basic'])).toBe('client_secret_basic');
    expect(secretAuthMethod(['client_secret_post', 'client_secret_basic'])).toBe('client_secret_basic');
    expect(secretAuthMethod(undefined)).toBe('client_secret_basic');
    const sent = applied(['client_secret_basic']);
    expect(sent.authorization).toBe(`Basic ${Buffer.from('pre-registered:s3cret').toString('base64')}`);
    expect(sent.body.client_secret).toBeUndefined();
  });

  it('uses client_secret_post where only that is listed', () => {
    const sent = applied(['client_secret_post']);
    expect(sent.authorization).toBeNull();
    expect(sent.body).toMatchObject({ client_id: 'pre-registered', client_secret: 's3cret' });
  });

  it('sends no secret to a server that takes none', () => {
    expect(secretAuthMethod(['none'])).toBeUndefined();
    const sent = applied(['none']);
    expect(sent.authorization).toBeNull();
    expect(sent.body).toEqual({ client_id: 'pre-registered' });
  });
});
