import { describe, expect, it } from 'vitest';
import { browserCommand, openBrowser } from './open-browser.ts';

describe('openBrowser', () => {
  it('is false when there is no opener, or the opener fails (xdg-open without a browser exits 3)', async () => {
    expect(await openBrowser('http://x', ['entra-mcp-no-such-opener', []])).toBe(false);
    expect(await openBrowser('http://x', [process.execPath, ['-e', 'process.exit(3)']])).toBe(false);
  });

  it('is true when the opener hands the URL over and exits 0', async () => {
    expect(await openBrowser('http://x', [process.execPath, ['-e', 'process.exit(0)']])).toBe(true);
  });

  it('uses the desktop opener of each platform', () => {
    expect(browserCommand('http://x', 'linux')).toEqual(['xdg-open', ['http://x']]);
    expect(browserCommand('http://x', 'darwin')).toEqual(['open', ['http://x']]);
    expect(browserCommand('http://x?a=1&b=2', 'win32')[1].at(-1)).toBe('http://x?a=1^&b=2');
  });
});
