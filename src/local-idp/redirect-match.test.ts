import { describe, expect, it } from 'vitest';
import { matchRedirectUri } from './redirect-match.ts';

describe('matchRedirectUri (https://learn.microsoft.com/entra/identity-platform/reply-url)', () => {
  const registered = [
    { uri: 'http://localhost:8090/callback', platform: 'publicClient' as const },
    { uri: 'http://localhost', platform: 'publicClient' as const },
    { uri: 'https://vscode.dev/redirect', platform: 'publicClient' as const },
    { uri: 'http://127.0.0.1:33418', platform: 'publicClient' as const },
    { uri: 'http://[::1]:7000/cb', platform: 'publicClient' as const },
    { uri: 'http://127.evil.com:80/cb', platform: 'publicClient' as const },
  ];

  it('ignores the port of an http loopback URI, and treats an unpathed URI as "/"', () => {
    expect(matchRedirectUri('http://localhost:1234/callback', registered)?.uri).toBe('http://localhost:8090/callback');
    expect(matchRedirectUri('http://localhost:5555/', registered)?.uri).toBe('http://localhost');
    expect(matchRedirectUri('http://127.0.0.1:40000/', registered)?.uri).toBe('http://127.0.0.1:33418');
  });

  it('keeps the port of [::1] (Entra does not support it) and of look-alike names', () => {
    expect(matchRedirectUri('http://[::1]:7001/cb', registered)).toBeUndefined();
    expect(matchRedirectUri('http://[::1]:7000/cb', registered)?.uri).toBe('http://[::1]:7000/cb');
    expect(matchRedirectUri('http://127.evil.com:81/cb', registered)).toBeUndefined();
  });

  it('matches everything else exactly', () => {
    expect(matchRedirectUri('https://vscode.dev/redirect', registered)).toBeDefined();
    expect(matchRedirectUri('https://vscode.dev:444/redirect', registered)).toBeUndefined();
    expect(matchRedirectUri('http://localhost:8090/Callback', registered)).toBeUndefined();
    expect(matchRedirectUri('http://127.0.0.1:8090/callback', registered)).toBeUndefined();
    expect(matchRedirectUri('not a url', registered)).toBeUndefined();
  });
});
