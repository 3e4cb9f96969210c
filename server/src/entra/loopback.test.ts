import { describe, expect, it } from 'vitest';
import { isHttpsOrLoopbackUrl, isLoopbackHostname, isLoopbackHttpUrl } from './loopback.ts';

const host = (url: string) => new URL(url).hostname;

describe('isLoopbackHostname', () => {
  it.each([
    ['http://localhost:8000'],
    ['http://LOCALHOST:8000'],
    ['http://127.0.0.1'],
    ['http://127.1.2.3:9'],
    ['http://127.255.255.255'],
    ['http://[::1]:8000'],
    // WHATWG URL normalises these spellings to 127.0.0.1 before anyone sees them.
    ['http://127.1'],
    ['http://0x7f.0.0.1'],
  ])('%s is loopback', (url) => {
    expect(isLoopbackHostname(host(url))).toBe(true);
  });

  it.each([
    ['http://127.evil.com'],
    ['http://127.0.0.1.nip.io'],
    ['http://localhost.evil.com'],
    ['http://evil-localhost'],
    ['http://128.0.0.1'],
    ['http://0.0.0.0'],
    ['http://10.0.0.1'],
    ['http://[::2]'],
    ['http://[::ffff:7f00:1]'],
    ['http://[fe80::1]'],
    ['http://127.0.0.1@evil.com'],
    ['http://example.com#@127.0.0.1'],
  ])('%s is not loopback', (url) => {
    expect(isLoopbackHostname(host(url))).toBe(false);
  });

  it('a bare string that only looks like an address is not loopback', () => {
    expect(isLoopbackHostname('127.0.0.1.')).toBe(false);
    expect(isLoopbackHostname('::1')).toBe(false);
  });
});

describe('isLoopbackHttpUrl and isHttpsOrLoopbackUrl', () => {
  it.each([
    ['http://localhost:8010', true, true],
    ['http://127.0.0.1:8010/tenant/v2.0', true, true],
    ['http://[::1]/', true, true],
    ['https://localhost:8010', false, true],
    ['https://login.microsoftonline.com', false, true],
    ['http://login.microsoftonline.com', false, false],
    ['http://127.evil.com', false, false],
    ['ftp://127.0.0.1', false, false],
    ['not a url', false, false],
    ['localhost:8000', false, false],
  ])('%s → loopback http %s, usable %s', (url, loopback, usable) => {
    expect(isLoopbackHttpUrl(url)).toBe(loopback);
    expect(isHttpsOrLoopbackUrl(url)).toBe(usable);
  });
});
