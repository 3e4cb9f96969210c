import { describe, expect, it } from 'vitest';
import { codexCallbackId } from './codex-callback-id.ts';

describe('codexCallbackId', () => {
  it('matches an independent computation (sha256sum, first 9 bytes, base64url)', () => {
    // printf %s 'https://mcp.example.com/mcp' | sha256sum | cut -c1-18 | xxd -r -p | base64 | tr '+/' '-_'
    expect(codexCallbackId('https://mcp.example.com/mcp')).toBe('epMNJ6P1xGQ9');
    expect(codexCallbackId('http://localhost:8000/mcp')).toBe('f6-uYWGVq5KB');
  });

  it('ignores the fragment but not the path or query', () => {
    const base = codexCallbackId('https://mcp.example.com/mcp');
    expect(codexCallbackId('https://mcp.example.com/mcp#tools')).toBe(base);
    expect(codexCallbackId('https://mcp.example.com/mcp?tenant=a')).not.toBe(base);
    expect(codexCallbackId('https://mcp.example.com/other')).not.toBe(base);
  });

  it('names the bad value when given something that is not a URL', () => {
    expect(() => codexCallbackId('mcp.example.com/mcp')).toThrow(/"mcp\.example\.com\/mcp" is not an absolute URL/);
  });
});
