import { describe, expect, it } from 'vitest';
import { advertisedScope } from './advertised-scope.ts';

describe('advertisedScope', () => {
  const full = 'api://c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f/access_as_user';
  it('keeps the api:// form by default', () => {
    expect(advertisedScope(full, 'https://mcp.contoso.com/mcp', false)).toBe(full);
  });
  it('names the scope under the resource when the resource is an identifier URI', () => {
    expect(advertisedScope(full, 'https://mcp.contoso.com/mcp', true)).toBe('https://mcp.contoso.com/mcp/access_as_user');
    expect(advertisedScope('api://x/mcp.invoke', 'http://127.0.0.1:8000/mcp', true)).toBe('http://127.0.0.1:8000/mcp/mcp.invoke');
  });
});
