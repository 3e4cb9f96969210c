import { describe, expect, it } from 'vitest';
import { forgetLocalAuthority, isLocalAuthority, setAsideLocalStack, withoutLocalStack } from './local-authority.ts';

describe('local authority', () => {
  it('recognises the loopback http authority of npm run dev and nothing else', () => {
    expect(isLocalAuthority('http://127.0.0.1:8010')).toBe(true);
    expect(isLocalAuthority('http://localhost:8010')).toBe(true);
    expect(isLocalAuthority('https://login.microsoftonline.com')).toBe(false);
    expect(isLocalAuthority('https://127.0.0.1:8443')).toBe(false);
    expect(isLocalAuthority('http://login.example.com')).toBe(false);
    expect(isLocalAuthority(undefined)).toBe(false);
    // A DNS name that starts with 127. is not loopback (it was, under the old /^127\./ rule).
    expect(isLocalAuthority('http://127.evil.com:8010')).toBe(false);
    expect(isLocalAuthority('http://127.0.0.9:8010')).toBe(true);
  });

  it('removes AZURE_AUTHORITY_HOST only when it names the local provider', () => {
    expect(forgetLocalAuthority({ AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8010' })).toEqual({ AZURE_AUTHORITY_HOST: undefined });
    expect('AZURE_AUTHORITY_HOST' in forgetLocalAuthority({ AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' })).toBe(false);
  });
});

describe('withoutLocalStack', () => {
  it('drops the tenant, app and authority npm run dev wrote, and keeps a real tenant untouched', () => {
    const local = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8010', MCP_SERVER_URL: 'http://localhost:8000' };
    expect(withoutLocalStack(local)).toEqual({ MCP_SERVER_URL: 'http://localhost:8000' });
    const real = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' };
    expect(withoutLocalStack(real)).toEqual(real);
  });
});

describe('setAsideLocalStack', () => {
  it('says what it found and ignored, and what to forget; says nothing for a real tenant', () => {
    const local = { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_AUTHORITY_HOST: 'http://localhost:8010', A: '1' };
    const aside = setAsideLocalStack(local, '/x/.env');
    expect(aside.values).toEqual({ A: '1' });
    expect(aside.forget).toEqual({ AZURE_AUTHORITY_HOST: undefined });
    expect(aside.note).toBe('/x/.env holds the local stack of npm run dev (AZURE_TENANT_ID=t, AZURE_CLIENT_ID=c, AZURE_AUTHORITY_HOST=http://localhost:8010): ignoring those values, which exist only on this machine; the tenant and client id come from flags, the environment or your sign-in.');
    const real = setAsideLocalStack({ AZURE_TENANT_ID: 't', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' }, '/x/.env');
    expect(real).toEqual({ values: { AZURE_TENANT_ID: 't', AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' }, forget: {} });
  });
});
