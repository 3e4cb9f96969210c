/**
 * `npm run connect`'s renderers, each checked against its client's documented config schema as
 * the known-clients table records it (src/registration/known-mcp-clients/*.ts cite the sources),
 * and against the table itself (file, servers key), so the two cannot drift.
 */
import { describe, expect, it } from 'vitest';
import type { ClientSetup, ConnectInput } from '../../src/connect/client-setup.ts';
import { renderAll, renderers } from '../../src/connect/render-client-setup.ts';
import { CLIENT_ID_PLACEHOLDER, scopeForClients, signInPathFor } from '../../src/connect/sign-in-path.ts';
import { mcporter } from '../../src/registration/known-mcp-clients/developer-tools.ts';
import { knownMcpClients, type KnownMcpClientId } from '../../src/registration/known-mcp-clients.ts';

const CLIENTS = '0f1e2d3c-4b5a-4968-8776-655443322110';
const MCP = 'https://mcp.contoso.com/mcp';
const SCOPE = `${MCP}/access_as_user`;
const input: ConnectInput = { serverName: 'entra-mcp', mcpUrl: MCP, scope: SCOPE, clientsClientId: CLIENTS, stack: 'deployed', callbackPort: 33420 };
const render = (id: KnownMcpClientId, over: Partial<ConnectInput> = {}): ClientSetup => renderers[id]({ ...input, ...over });
// any: JSON read back from a renderer; each test asserts its shape.
const entryOf = (s: ClientSetup) => s.jsonFile!.entry as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Only the keys a schema allows, and each of the required ones. */
function expectKeys(object: Record<string, unknown>, required: string[], allowed: string[] = []): void {
  for (const key of required) expect(object, `missing ${key}`).toHaveProperty(key);
  expect(Object.keys(object).filter((k) => !required.includes(k) && !allowed.includes(k))).toEqual([]);
}

describe('connect renderers', () => {
  it('every client in the table has a renderer, and each JSON file agrees with the table (file, servers key)', () => {
    for (const client of knownMcpClients) {
      const setup = render(client.id);
      expect(setup.client).toBe(client.id);
      if (setup.jsonFile?.project === true) {
        expect(client.config.projectFile?.startsWith(setup.jsonFile.location)).toBe(true);
        expect(setup.jsonFile.serversKey).toBe(client.config.serversKey);
      }
    }
  });

  it('VS Code: servers.<name> = { type: "http", url }, no client id (its own, pre-authorized)', () => {
    const s = render('vscode');
    expect(s.jsonFile).toMatchObject({ location: '.vscode/mcp.json', serversKey: 'servers', name: 'entra-mcp' });
    expectKeys(entryOf(s), ['type', 'url']);
    expect(entryOf(s)).toEqual({ type: 'http', url: MCP });
  });

  it('GitHub Copilot CLI: mcpServers.<name> = { type: "http", url, tools }', () => {
    expect(entryOf(render('github-copilot-cli'))).toEqual({ type: 'http', url: MCP, tools: ['*'] });
  });

  it('Cursor: mcpServers.<name> = { url, auth: { CLIENT_ID, scopes[] } }', () => {
    const e = entryOf(render('cursor'));
    expectKeys(e, ['url', 'auth']);
    expect(e.auth).toEqual({ CLIENT_ID: CLIENTS, scopes: [SCOPE] });
  });

  it('Claude Code: the claude mcp add command with client id and callback port, and the same in .mcp.json', () => {
    const s = render('claude-code');
    expect(s.command).toBe(`claude mcp add --transport http --scope project --client-id ${CLIENTS} --callback-port 33420 entra-mcp ${MCP}`);
    expect(entryOf(s)).toEqual({ type: 'http', url: MCP, oauth: { clientId: CLIENTS, callbackPort: 33420, scopes: SCOPE } });
  });

  it('Gemini CLI: httpUrl (url would mean SSE) and oauth { enabled, clientId, scopes[] }', () => {
    const e = entryOf(render('gemini-cli'));
    expectKeys(e, ['httpUrl', 'oauth']);
    expect(e.oauth).toEqual({ enabled: true, clientId: CLIENTS, scopes: [SCOPE] });
  });

  it('Codex: [mcp_servers.<name>] url and scopes, [….oauth] client_id, and codex mcp add --oauth-client-id', () => {
    const s = render('codex');
    const lines = s.snippet!.text.split('\n');
    expect(lines).toEqual(['[mcp_servers.entra-mcp]', `url = "${MCP}"`, `scopes = ["${SCOPE}"]`, '', '[mcp_servers.entra-mcp.oauth]', `client_id = "${CLIENTS}"`, '']);
    expect(s.command).toBe(`codex mcp add entra-mcp --url ${MCP} --oauth-client-id ${CLIENTS} --scopes ${SCOPE}`);
    expect(render('codex', { serverName: 'my.server' }).snippet!.text).toContain('[mcp_servers."my.server"]');
  });

  it('Goose: extensions.<name> of type streamable_http with uri, client_id and scopes', () => {
    const text = render('goose').snippet!.text;
    expect(text.split('\n').slice(0, 2)).toEqual(['extensions:', '  entra-mcp:']);
    for (const line of ['    type: streamable_http', `    uri: "${MCP}"`, `    client_id: "${CLIENTS}"`, `      - "${SCOPE}"`]) expect(text.split('\n')).toContain(line);
  });

  it('mcp-remote (Claude Desktop): npx mcp-remote <url> with --static-oauth-client-info and --static-oauth-client-metadata as JSON', () => {
    const s = render('mcp-remote');
    expect(s.jsonFile?.project).toBe(false);
    const { command, args } = entryOf(s) as { command: string; args: string[] };
    expect(command).toBe('npx');
    expect(args.slice(0, 3)).toEqual(['-y', 'mcp-remote', MCP]);
    expect(JSON.parse(args[args.indexOf('--static-oauth-client-info') + 1]!)).toEqual({ client_id: CLIENTS });
    expect(JSON.parse(args[args.indexOf('--static-oauth-client-metadata') + 1]!)).toEqual({ scope: SCOPE });
    expect(s.command).toContain(`'{"client_id":"${CLIENTS}"}'`);
  });

  it('MCP Inspector: --cli --server-url <url> --client-id <id>', () => {
    expect(render('mcp-inspector').command).toBe(`npx @modelcontextprotocol/inspector --cli --server-url ${MCP} --client-id ${CLIENTS} --method tools/list`);
  });

  it('claude.ai: settings screens with the client id; not yet on the local stack', () => {
    expect(render('claude-ai').steps.join('\n')).toContain(`OAuth Client ID: ${CLIENTS}`);
    expect(render('claude-ai', { stack: 'local' }).path).toBe('not-yet');
    expect(render('claude-ai').path).toBe('direct');
  });

  it('paths: not yet without the clients id, direct for first-party ones, proxy for a client that only registers itself', () => {
    const paths = Object.fromEntries(renderAll({ ...input, clientsClientId: undefined }).map((s) => [s.client, s.path]));
    expect(paths).toMatchObject({ vscode: 'direct', 'github-copilot-cli': 'direct', mcporter: 'not-yet', codex: 'not-yet', cursor: 'not-yet' });
    expect(signInPathFor({ ...mcporter, signIn: { kind: 'proxy-only', why: 'registers itself only' } }, input)).toEqual({ path: 'proxy', why: 'registers itself only' });
    expect(entryOf(render('cursor', { clientsClientId: undefined })).auth.CLIENT_ID).toBe(CLIENT_ID_PLACEHOLDER);
    for (const client of knownMcpClients) expect(signInPathFor(client, input).path).toBe(client.signIn.kind === 'proxy-only' ? 'proxy' : 'direct');
  });

  it('the scope: under the MCP URL when the metadata names it so, else api://{clientId}', () => {
    const api = '11111111-2222-4333-8444-555555555555';
    expect(scopeForClients([SCOPE, 'offline_access'], MCP, api, 'access_as_user')).toBe(SCOPE);
    expect(scopeForClients([`api://${api}/access_as_user`], MCP, api, 'access_as_user')).toBe(`api://${api}/access_as_user`);
    expect(scopeForClients(undefined, MCP, api, 'access_as_user')).toBe(`api://${api}/access_as_user`);
  });
});
