import { describe, expect, it } from 'vitest';
import { checkRegistrationRequest } from './check-registration-request.ts';
import { ProxyOAuthError } from './proxy-oauth-error.ts';

const errorOf = (body: unknown): string => {
  try {
    checkRegistrationRequest(body);
    return 'accepted';
  } catch (error) {
    return error instanceof ProxyOAuthError ? error.error : String(error);
  }
};

describe('checkRegistrationRequest', () => {
  it('settles a loopback client with no application_type as native and public', () => {
    expect(checkRegistrationRequest({ redirect_uris: ['http://127.0.0.1:3334/oauth/callback'], client_name: 'mcp-remote' })).toMatchObject({
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
    expect(checkRegistrationRequest({ redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'] })['application_type']).toBe('native');
    expect(checkRegistrationRequest({ redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] })['application_type']).toBe('web');
  });

  it.each([
    ['web with a loopback http URI', { application_type: 'web', redirect_uris: ['http://localhost:8787/callback'] }, 'invalid_redirect_uri'],
    ['native with an https URI', { application_type: 'native', redirect_uris: ['https://app.example/cb'] }, 'invalid_redirect_uri'],
    ['http on a non-loopback host', { redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri'],
    ['a look-alike loopback host', { redirect_uris: ['http://127.0.0.1.evil.example/cb'] }, 'invalid_redirect_uri'],
    ['javascript:', { redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
    ['a fragment', { redirect_uris: ['http://127.0.0.1/cb#x'] }, 'invalid_redirect_uri'],
    ['https and loopback mixed', { redirect_uris: ['https://app.example/cb', 'http://127.0.0.1/cb'] }, 'invalid_redirect_uri'],
    ['credentials in the URI', { redirect_uris: ['https://user:pw@app.example/cb'] }, 'invalid_redirect_uri'],
    ['no redirect URI', { redirect_uris: [] }, 'invalid_redirect_uri'],
    ['eleven redirect URIs', { redirect_uris: Array.from({ length: 11 }, (_, i) => `http://127.0.0.1/cb${i}`) }, 'invalid_redirect_uri'],
    ['a 2001-character URI', { redirect_uris: [`http://127.0.0.1/${'a'.repeat(1984)}`] }, 'invalid_redirect_uri'],
    ['a confidential client', { redirect_uris: ['http://127.0.0.1/cb'], token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata'],
    ['the implicit grant', { redirect_uris: ['http://127.0.0.1/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata'],
    ['client_credentials', { redirect_uris: ['http://127.0.0.1/cb'], grant_types: ['authorization_code', 'client_credentials'] }, 'invalid_client_metadata'],
    ['response type token', { redirect_uris: ['http://127.0.0.1/cb'], response_types: ['token'] }, 'invalid_client_metadata'],
    ['a 201-character name', { redirect_uris: ['http://127.0.0.1/cb'], client_name: 'x'.repeat(201) }, 'invalid_client_metadata'],
    ['an http client_uri', { redirect_uris: ['http://127.0.0.1/cb'], client_uri: 'http://app.example' }, 'invalid_client_metadata'],
    ['an unknown application_type', { application_type: 'service', redirect_uris: ['http://127.0.0.1/cb'] }, 'invalid_client_metadata'],
    ['not an object', ['http://127.0.0.1/cb'], 'invalid_client_metadata'],
  ])('refuses %s', (_name, body, error) => {
    expect(errorOf(body)).toBe(error);
  });
});
