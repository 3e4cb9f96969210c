import { describe, expect, it } from 'vitest';
import { mcpResourceNames } from './mcp-resource-names.ts';

describe('mcpResourceNames', () => {
  it('a loopback http resource under every loopback name of the same port, its own first', () => {
    expect(mcpResourceNames('http://localhost:8000/mcp')).toEqual(['http://localhost:8000/mcp', 'http://127.0.0.1:8000/mcp', 'http://[::1]:8000/mcp']);
  });

  it('no other port, no https on loopback, and a deployed resource keeps its one name', () => {
    expect(mcpResourceNames('http://localhost:8000/mcp')).not.toContain('http://127.0.0.1:8001/mcp');
    expect(mcpResourceNames('https://localhost:8443/mcp')).toEqual(['https://localhost:8443/mcp']);
    expect(mcpResourceNames('https://mcp.example.com/mcp')).toEqual(['https://mcp.example.com/mcp']);
  });
});
