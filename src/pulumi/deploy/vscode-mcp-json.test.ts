import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withMcpServer, writeVscodeMcpJson } from './vscode-mcp-json.ts';

const URL_DEV = 'https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io/mcp';

describe('withMcpServer', () => {
  it('adds the server as an HTTP entry, keeping other servers and keys', () => {
    const existing = { inputs: [{ id: 'x' }], servers: { 'entra-mcp': { type: 'http', url: 'http://localhost:8000/mcp' } } };
    expect(withMcpServer(existing, 'entra-mcp-dev', URL_DEV)).toEqual({
      inputs: [{ id: 'x' }],
      servers: { 'entra-mcp': { type: 'http', url: 'http://localhost:8000/mcp' }, 'entra-mcp-dev': { type: 'http', url: URL_DEV } },
    });
    expect(withMcpServer(undefined, 'entra-mcp-dev', URL_DEV)).toEqual({ servers: { 'entra-mcp-dev': { type: 'http', url: URL_DEV } } });
  });

  it.each([[[]], ['text'], [{ servers: [] }]])('refuses %j, naming what is wrong', (existing) => {
    expect(() => withMcpServer(existing, 'n', URL_DEV)).toThrow(/\.vscode\/mcp\.json/);
  });
});

describe('writeVscodeMcpJson', () => {
  it('creates .vscode/mcp.json, then updates the URL in place on the next deploy', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'vscode-')), '.vscode', 'mcp.json');
    await writeVscodeMcpJson(path, 'entra-mcp-dev', 'https://old/mcp');
    await writeVscodeMcpJson(path, 'entra-mcp-dev', URL_DEV);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ servers: { 'entra-mcp-dev': { type: 'http', url: URL_DEV } } });
  });

  it('leaves a file with comments unchanged and says what to add by hand', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'vscode-')), 'mcp.json');
    const jsonc = '{ // mine\n  "servers": {}\n}\n';
    await writeFile(path, jsonc);
    await expect(writeVscodeMcpJson(path, 'entra-mcp-dev', URL_DEV)).rejects.toThrow(new RegExp(`left unchanged.*"entra-mcp-dev": \\{ "type": "http", "url": "${URL_DEV}" \\}`));
    expect(await readFile(path, 'utf8')).toBe(jsonc);
  });
});
