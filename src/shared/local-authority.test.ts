import { describe, expect, it } from 'vitest';
import { forgetLocalAuthority, isLocalAuthority, withoutLocalStack } from './local-authority.ts';

describe('local authority', () => {
  it('recognises the loopback http authority of npm run dev and nothing else', () => {
    expect(isLocalAuthority('http://127.0.0.1:8010')).toBe(true);
    expect(isLocalAuthority('http://localhost:8010')).toBe(true);
    expect(isLocalAuthority('https://login.microsoftonline.com')).toBe(false);
    expect(isLocalAuthority('https://127.0.0.1:8443')).toBe(false);
    expect(isLocalAuthority('http://login.example.com')).toBe(false);
    expect(isLocalAuthority(undefined)).toBe(false);
  });

  it('removes AZURE_AUTHORITY_HOST only when it names the local provider', () => {
    expect(forgetLocalAuthority({ AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8010' })).toEqual({ AZURE_AUTHORITY_HOST: undefined });
    expect('AZURE_AUTHORITY_HOST' in forgetLocalAuthority({ AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' })).toBe(false);
  });
});

describe('withoutLocalStack', () => {
  it('drops the tenant, app and authority npm run dev wrote, and keeps a real tenant untouched', () => {
    const local = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8010', SECURE_SERVER_URL: 'http://localhost:8000' };
    expect(withoutLocalStack(local)).toEqual({ SECURE_SERVER_URL: 'http://localhost:8000' });
    const real = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' };
    expect(withoutLocalStack(real)).toEqual(real);
  });
});
