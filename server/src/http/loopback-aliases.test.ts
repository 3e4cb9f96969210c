import { describe, expect, it } from 'vitest';
import { publicUrlForHost } from './loopback-aliases.ts';

describe('publicUrlForHost', () => {
  it.each([
    ['127.0.0.1:8000', 'http://127.0.0.1:8000'],
    ['localhost:8000', 'http://localhost:8000'],
    ['LOCALHOST:8000', 'http://localhost:8000'],
    ['[::1]:8000', 'http://[::1]:8000'],
  ])('a loopback name of the same port (%s) is answered under that name', (host, expected) => {
    expect(publicUrlForHost('http://localhost:8000', host)).toBe(expected);
  });

  it.each([
    ['evil.example:8000'],
    ['127.0.0.1:8001'],
    ['127.0.0.1'],
    ['127.1:8000'],
    ['127.0.0.2:8000'],
    ['localhost:8000/x'],
    ['localhost:8000@evil.example'],
    [undefined],
  ])('anything else (%s) gets the public URL', (host) => {
    expect(publicUrlForHost('http://localhost:8000', host)).toBe('http://localhost:8000');
  });

  it('a public URL that is not loopback http is never replaced', () => {
    expect(publicUrlForHost('https://mcp.example.com', 'localhost')).toBe('https://mcp.example.com');
    expect(publicUrlForHost('https://localhost:8443', 'localhost:8443')).toBe('https://localhost:8443');
  });
});
