import { describe, expect, it } from 'vitest';
import { isKeyVaultUrl, isMicrosoftAuthorityHost, isMicrosoftGraphUrl } from './national-clouds.ts';

describe('national clouds', () => {
  it.each([
    ['https://login.microsoftonline.com', true],
    ['https://login.microsoftonline.us/', true],
    ['https://login.chinacloudapi.cn', true],
    ['https://LOGIN.MICROSOFTONLINE.COM', true],
    ['http://login.microsoftonline.com', false],
    ['https://login.microsoftonline.com:444', false],
    ['https://login.microsoftonline.com.evil.example', false],
    ['https://login.microsoftonline.com/contoso', false],
    ['https://user@login.microsoftonline.com', false],
    ['https://login.microsoftonline.de', false],
    ['not a url', false],
  ])('authority %s → %s', (url, expected) => expect(isMicrosoftAuthorityHost(url)).toBe(expected));

  it.each([
    ['https://graph.microsoft.com', true],
    ['https://dod-graph.microsoft.us', true],
    ['https://microsoftgraph.chinacloudapi.cn/', true],
    ['https://graph.microsoft.com/v1.0', false],
    ['https://graph.microsoft.com.evil.example', false],
  ])('graph %s → %s', (url, expected) => expect(isMicrosoftGraphUrl(url)).toBe(expected));

  it.each([
    ['https://kv.vault.azure.net', true],
    ['https://kv.vault.usgovcloudapi.net/', true],
    ['https://vault.azure.net', false],
    ['https://kv.vault.azure.net.evil.example', false],
    ['http://kv.vault.azure.net', false],
    ['https://kv.vault.azure.net:8443', false],
  ])('key vault %s → %s', (url, expected) => expect(isKeyVaultUrl(url)).toBe(expected));
});
