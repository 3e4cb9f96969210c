/** `npm run connect -- <client> --write`: merging keeps every other entry, refuses what it cannot read, and replaces the file atomically. */
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command-io.ts';
import { runCommand } from '../../src/cli/run-command.ts';
import type { ConnectInput } from '../../src/connect/client-setup.ts';
import { connectCommand, connectSpec } from '../../src/connect/connect-command.ts';
import { renderers } from '../../src/connect/render-client-setup.ts';
import { writeClientConfig } from '../../src/connect/write-client-config.ts';

const CLIENTS = '0f1e2d3c-4b5a-4968-8776-655443322110';
const input: ConnectInput = { serverName: 'entra-mcp', mcpUrl: 'https://mcp.contoso.com/mcp', scope: 'https://mcp.contoso.com/mcp/access_as_user', clientsClientId: CLIENTS, stack: 'deployed', callbackPort: 33420 };

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'connect-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: 0o600 });
  }
  return dir;
}

const OTHER = { mcpServers: { github: { url: 'https://api.githubcopilot.com/mcp/' } }, theme: 'dark' };

describe('writeClientConfig', () => {
  it('adds the entry beside the others, keeps top-level keys and the mode; a second run changes nothing', async () => {
    const dir = project({ '.cursor/mcp.json': JSON.stringify(OTHER) });
    const result = await writeClientConfig(renderers.cursor(input), dir);
    expect(result.outcome).toBe('added');
    const written = JSON.parse(readFileSync(join(dir, '.cursor/mcp.json'), 'utf8'));
    expect(written.theme).toBe('dark');
    expect(written.mcpServers.github).toEqual(OTHER.mcpServers.github);
    expect(written.mcpServers['entra-mcp'].auth.CLIENT_ID).toBe(CLIENTS);
    expect(statSync(join(dir, '.cursor/mcp.json')).mode & 0o777).toBe(0o600);
    const before = readFileSync(join(dir, '.cursor/mcp.json'), 'utf8');
    expect((await writeClientConfig(renderers.cursor(input), dir)).outcome).toBe('unchanged');
    expect(readFileSync(join(dir, '.cursor/mcp.json'), 'utf8')).toBe(before);
  });

  it('.mcp.json is shared by Claude Code and Copilot CLI: writing one keeps the keys the other set on the entry', async () => {
    const dir = project();
    await writeClientConfig(renderers['github-copilot-cli'](input), dir);
    expect((await writeClientConfig(renderers['claude-code'](input), dir)).outcome).toBe('updated');
    const entry = JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8')).mcpServers['entra-mcp'];
    expect(entry).toMatchObject({ type: 'http', url: input.mcpUrl, tools: ['*'], oauth: { clientId: CLIENTS, callbackPort: 33420 } });
  });

  it('creates the file (and its folder) when there is none', async () => {
    const dir = project();
    await writeClientConfig(renderers.vscode(input), dir);
    expect(JSON.parse(readFileSync(join(dir, '.vscode/mcp.json'), 'utf8'))).toEqual({ servers: { 'entra-mcp': { type: 'http', url: input.mcpUrl } } });
  });

  it('replaces the file by rename: a reader holding the old file still reads it whole, and no temporary file is left', async () => {
    const dir = project({ '.gemini/settings.json': JSON.stringify(OTHER) });
    const path = join(dir, '.gemini/settings.json');
    const oldInode = statSync(path).ino;
    const fd = openSync(path, 'r');
    await writeClientConfig(renderers['gemini-cli'](input), dir);
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    closeSync(fd);
    expect(JSON.parse(buffer.subarray(0, n).toString('utf8'))).toEqual(OTHER);
    expect(statSync(path).ino).not.toBe(oldInode);
    expect(readdirSync(join(dir, '.gemini'))).toEqual(['settings.json']);
  });

  it.each([
    { name: 'JSON with comments', text: '{ // mine\n "mcpServers": {} }', message: /is not plain JSON/ },
    { name: 'an array', text: '[]', message: /does not hold a JSON object/ },
    { name: 'mcpServers not an object', text: '{ "mcpServers": [] }', message: /"mcpServers" in .* is not an object/ },
  ])('refuses $name, naming the file, and leaves it as it was', async ({ text, message }) => {
    const dir = project({ '.cursor/mcp.json': text });
    await expect(writeClientConfig(renderers.cursor(input), dir)).rejects.toMatchObject({ code: 'CONFIG_UNREADABLE', message: expect.stringMatching(message) });
    expect(readFileSync(join(dir, '.cursor/mcp.json'), 'utf8')).toBe(text);
    expect(readdirSync(join(dir, '.cursor'))).toEqual(['mcp.json']);
  });

  it('refuses to write a placeholder client id, and clients without a project file', async () => {
    const dir = project();
    await expect(writeClientConfig(renderers.cursor({ ...input, clientsClientId: undefined }), dir)).rejects.toMatchObject({ code: 'INVALID_SETTINGS', message: expect.stringContaining('MCP_CLIENTS_CLIENT_ID') });
    await expect(writeClientConfig(renderers['mcp-remote'](input), dir)).rejects.toMatchObject({ code: 'USAGE' });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('npm run connect (in-process)', () => {
  const io = (cwd: string, out: string[], err: string[]): CommandIo => ({
    cwd,
    env: {},
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    // The server is not running: connect notes it and uses the api:// scope.
    fetch: (async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }) as typeof fetch,
  });

  it('--write for cursor reads .env, writes .cursor/mcp.json with the clients id and the api:// scope', async () => {
    const api = '11111111-2222-4333-8444-555555555555';
    const dir = project({ '.env': `MCP_SERVER_URL=https://mcp.contoso.com\nAZURE_CLIENT_ID=${api}\nMCP_CLIENTS_CLIENT_ID=${CLIENTS}\n` });
    const out: string[] = [];
    const err: string[] = [];
    expect(await runCommand(connectSpec, ['cursor', '--write'], io(dir, out, err), connectCommand)).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, '.cursor/mcp.json'), 'utf8'));
    expect(written.mcpServers['entra-mcp']).toEqual({ url: 'https://mcp.contoso.com/mcp', auth: { CLIENT_ID: CLIENTS, scopes: [`api://${api}/access_as_user`] } });
    expect(err.join('')).toContain('using the api:// form of the scope');
  });

  it('an unknown client exits 2 naming the clients; --list --json lists every one with its path', async () => {
    const dir = project();
    const err: string[] = [];
    expect(await runCommand(connectSpec, ['netscape'], io(dir, [], err), connectCommand)).toBe(2);
    expect(err.join('')).toMatch(/unknown client "netscape"[\s\S]*vscode, github-copilot-cli/);
    const out: string[] = [];
    expect(await runCommand(connectSpec, ['--list', '--json'], io(dir, out, []), connectCommand)).toBe(0);
    const list = JSON.parse(out.join('')) as { client: string; path: string }[];
    expect(list.find((c) => c.client === 'mcporter')?.path).toBe('not-yet');
    expect(list.find((c) => c.client === 'codex')?.path).toBe('not-yet');
  });

  it('a bad MCP_CLIENTS_CLIENT_ID exits 2 naming the setting', async () => {
    const dir = project({ '.env': 'MCP_CLIENTS_CLIENT_ID=not-a-guid\n' });
    const err: string[] = [];
    expect(await runCommand(connectSpec, ['cursor'], io(dir, [], err), connectCommand)).toBe(2);
    expect(err.join('')).toContain('MCP_CLIENTS_CLIENT_ID');
  });
});
