import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { discoverAuthorizationServer } from './discover-authorization-server.ts';
import { tokenReport } from './token-report.ts';

describe('discoverAuthorizationServer', () => {
  it('falls back to RFC 8414 when there is no OpenID document', async () => {
    const issuer = 'https://as.example/tenant';
    const asked: string[] = [];
    const fetchImpl = (async (url: string | URL | Request) => {
      asked.push(String(url));
      return String(url) === 'https://as.example/.well-known/oauth-authorization-server/tenant'
        ? Response.json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token` })
        : new Response('not found', { status: 404 });
    }) as typeof fetch;
    const found = await discoverAuthorizationServer(issuer, { clientId: 'c', fetch: fetchImpl });
    expect(found.kind).toBe('oauth');
    expect(asked).toEqual(['https://as.example/tenant/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server/tenant']);
  });

  it('refuses a document that names another issuer', async () => {
    const fetchImpl = (async () => Response.json({ issuer: 'https://evil.example', authorization_endpoint: 'a', token_endpoint: 't' })) as unknown as typeof fetch;
    await expect(discoverAuthorizationServer('https://as.example', { clientId: 'c', fetch: fetchImpl })).rejects.toMatchObject({ code: 'protocol' });
  });
});

describe('tokenReport', () => {
  it('decodes the token and leaves the refresh token out unless asked', async () => {
    const accessToken = await new SignJWT({ scp: 'access_as_user', ver: '2.0' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new Uint8Array(32));
    const tokens = { accessToken, expiresIn: 3599, expiresAt: new Date(0), scope: 's', refreshToken: 'rt', idToken: undefined };
    expect(tokenReport(tokens, false)).toMatchObject({ expires_in: 3599, expires_at: '1970-01-01T00:00:00.000Z', header: { typ: 'JWT' }, claims: { scp: 'access_as_user' } });
    expect(tokenReport(tokens, false)).not.toHaveProperty('refresh_token');
    expect(tokenReport(tokens, true).refresh_token).toBe('rt');
  });
});
