import { describe, expect, it } from 'vitest';
import { managedIdentityFederatedCredential, proxyCallbackRedirectUri, tokenExchangeAudience } from './proxy-mode-registration.ts';

describe('proxy mode registration', () => {
  it('puts the callback on the Web platform at the public origin', () => {
    expect(proxyCallbackRedirectUri('https://mcp.example.com/ignored?x=1')).toMatchObject({ uri: 'https://mcp.example.com/oauth/callback', platform: 'web' });
  });

  it('trusts the managed identity by its principal id under the tenant v2 issuer', () => {
    const credential = managedIdentityFederatedCredential({ authorityHost: 'https://login.microsoftonline.com/', tenantId: 'tid', principalId: 'pid' });
    expect(credential).toMatchObject({ issuer: 'https://login.microsoftonline.com/tid/v2.0', subject: 'pid', audiences: ['api://AzureADTokenExchange'] });
  });

  it.each([
    ['https://login.microsoftonline.us', 'api://AzureADTokenExchangeUSGov'],
    ['https://login.chinacloudapi.cn', 'api://AzureADTokenExchangeChina'],
    ['http://localhost:8001', 'api://AzureADTokenExchange'],
  ])('uses the audience of the cloud of %s', (host, audience) => {
    expect(tokenExchangeAudience(host)).toBe(audience);
  });
});
