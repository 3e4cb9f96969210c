import { describe, expect, it } from 'vitest';
import { matchRedirectUri } from './redirect-match.ts';

describe('matchRedirectUri (ED:reply-url.md)', () => {
  const registered = [
    { uri: 'http://localhost:8090/callback', platform: 'publicClient' as const },
    { uri: 'http://localhost', platform: 'publicClient' as const },
    { uri: 'https://vscode.dev/redirect', platform: 'publicClient' as const },
  ];

  it('ignores the port of an http loopback URI, and treats an unpathed URI as "/"', () => {
    expect(matchRedirectUri('http://localhost:1234/callback', registered)?.uri).toBe('http://localhost:8090/callback');
    expect(matchRedirectUri('http://localhost:5555/', registered)?.uri).toBe('http://localhost');
  });

  it('matches everything else exactly', () => {
    expect(matchRedirectUri('https://vscode.dev/redirect', registered)).toBeDefined();
    expect(matchRedirectUri('https://vscode.dev:444/redirect', registered)).toBeUndefined();
    expect(matchRedirectUri('http://localhost:8090/Callback', registered)).toBeUndefined();
    expect(matchRedirectUri('http://127.0.0.1:8090/callback', registered)).toBeUndefined();
    expect(matchRedirectUri('not a url', registered)).toBeUndefined();
  });
});
