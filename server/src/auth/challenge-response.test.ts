import { describe, expect, it } from 'vitest';
import { AuthError } from './auth-error.ts';
import { toChallengeResponse } from './challenge-response.ts';

const context = { resourceMetadataUrl: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', scope: 'api://c/access_as_user' };

describe('toChallengeResponse', () => {
  it('answers a missing token with a challenge that has no error code (RFC 6750 §3.1)', () => {
    const r = toChallengeResponse(new AuthError('missing_token', 'a bearer token is required'), context);
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe(`Bearer resource_metadata="${context.resourceMetadataUrl}", scope="${context.scope}"`);
  });

  it('maps invalid_token to 401, insufficient_scope to 403, invalid_request to 400', () => {
    expect(toChallengeResponse(new AuthError('expired', 'x'), context).status).toBe(401);
    expect(toChallengeResponse(new AuthError('missing_scope', 'x'), context).status).toBe(403);
    expect(toChallengeResponse(new AuthError('token_in_query', 'x'), context).status).toBe(400);
    expect(toChallengeResponse(new AuthError('missing_scope', 'x'), context).headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('keeps error_description inside the characters RFC 6750 allows, so it cannot break the header', () => {
    const r = toChallengeResponse(new AuthError('wrong_issuer', 'issuer "x"\\ é\r\nSet-Cookie: a=b'), context);
    const description = /error_description="([^"]*)"/.exec(r.headers['www-authenticate']!)?.[1];
    expect(description).toBeDefined();
    expect(description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]*$/);
    expect(r.headers['www-authenticate']).not.toMatch(/[\r\n]/);
  });

  it('turns anything unexpected into 500 server_error with no details', () => {
    const r = toChallengeResponse(new Error('database password is hunter2'), context);
    expect(r).toEqual({ status: 500, headers: {}, body: { error: 'server_error' } });
  });

  it('fails closed with 503 and Retry-After when no keys could be loaded', () => {
    const r = toChallengeResponse(new AuthError('keys_unavailable', 'x'), context);
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBeDefined();
  });
});
