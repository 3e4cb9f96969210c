import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isGuid, isLoopbackHttpUrl } from '../../server/src/entra/index.ts';
import { VSCODE_CLIENT_ID } from './app-registration.ts';
import {
  connectionPath,
  findKnownClient,
  knownClientIds,
  knownClientRedirectUrisFor,
  knownMcpClients,
  preAuthorizedFirstPartyClientIds,
  type ClientRedirectUri,
  type KnownMcpClient,
} from './known-mcp-clients.ts';

// Invariants a bad edit of the table would break; the facts themselves are cited in the data.

const allRedirects = knownMcpClients.flatMap((client) => client.redirectUris.map((redirect) => ({ client, redirect })));

function row(overrides: Partial<KnownMcpClient> & Pick<KnownMcpClient, 'id' | 'displayName'>): KnownMcpClient {
  return {
    signIn: { kind: 'entra-mcp-clients-registration', clientSecret: 'none' },
    redirectUris: [],
    clientIdVia: '',
    scopes: '',
    sendsResource: 'always',
    registration: { dcr: 'yes', cimd: 'no' },
    needsPublicServer: false,
    config: { format: 'none' },
    notes: [],
    sources: ['https://example.com/source'],
    unverified: [],
    ...overrides,
  };
}

function loopback(uri: string): ClientRedirectUri {
  return { uri, platform: 'publicClient', anyPort: true, sentAs: uri };
}

describe('the known-clients table', () => {
  it('has unique ids, and findKnownClient finds each and nothing else', () => {
    expect(new Set(knownClientIds()).size).toBe(knownMcpClients.length);
    for (const client of knownMcpClients) expect(findKnownClient(client.id)).toBe(client);
    expect(findKnownClient('notepad')).toBeUndefined();
  });

  it('puts only https URIs on the web platform', () => {
    const web = allRedirects.filter(({ redirect }) => redirect.platform === 'web');
    expect(web.length).toBeGreaterThan(0);
    for (const { redirect } of web) expect(new URL(redirect.uri).protocol, redirect.uri).toBe('https:');
  });

  it('puts only loopback http or private-use schemes on the public-client platform', () => {
    for (const { redirect } of allRedirects.filter(({ redirect }) => redirect.platform === 'publicClient')) {
      const scheme = new URL(redirect.uri).protocol;
      const privateUse = scheme !== 'http:' && scheme !== 'https:';
      expect(isLoopbackHttpUrl(redirect.uri) || privateUse, redirect.uri).toBe(true);
    }
  });

  it('registers loopback URIs without a port (Entra ignores it) and marks exactly those anyPort', () => {
    for (const { redirect } of allRedirects) {
      const url = new URL(redirect.uri);
      expect(redirect.anyPort, redirect.uri).toBe(isLoopbackHttpUrl(url));
      if (redirect.anyPort) expect(url.port, redirect.uri).toBe('');
      // Entra does not support the IPv6 loopback in redirect URIs.
      expect(url.hostname, redirect.uri).not.toBe('[::1]');
    }
  });

  it('uses the callback-id placeholder exactly where the URI is per server', () => {
    for (const { redirect } of allRedirects) {
      expect(redirect.uri.includes('{codexCallbackId}'), redirect.uri).toBe(redirect.perServer === 'codex-callback-id');
    }
  });

  it('cites at least one https source for every client and explains every unverified fact', () => {
    for (const client of knownMcpClients) {
      expect(client.sources.length, client.id).toBeGreaterThan(0);
      for (const source of client.sources) expect(new URL(source).protocol, `${client.id}: ${source}`).toBe('https:');
      for (const gap of client.unverified) {
        expect(gap.fact.trim(), client.id).not.toBe('');
        expect(gap.found.trim(), client.id).not.toBe('');
      }
    }
  });

  it('gives first-party clients a GUID and no redirect URIs of ours', () => {
    for (const client of knownMcpClients) {
      if (client.signIn.kind !== 'first-party-preauthorized') continue;
      expect(isGuid(client.signIn.clientId), client.id).toBe(true);
      expect(client.redirectUris, client.id).toEqual([]);
    }
  });

  it('asks for a client secret exactly when a client of the registration calls back on the web platform', () => {
    for (const client of knownMcpClients) {
      if (client.signIn.kind !== 'entra-mcp-clients-registration') continue;
      const web = client.redirectUris.some((redirect) => redirect.platform === 'web');
      expect(client.signIn.clientSecret === 'required', client.id).toBe(web);
      expect(client.redirectUris.length, client.id).toBeGreaterThan(0);
    }
  });

  it('names a resource opt-out exactly for clients where resource is optional', () => {
    for (const client of knownMcpClients) {
      expect(client.resourceOptOut !== undefined, client.id).toBe(client.sendsResource === 'optional');
    }
  });
});

describe('knownClientRedirectUrisFor', () => {
  const servers = ['https://mcp.contoso.com/mcp', 'http://localhost:8000/mcp'];

  it('returns each URI once, stably, and within Entra\'s 256-URI limit', () => {
    const first = [...knownClientRedirectUrisFor('publicClient', { mcpServerUrls: servers }), ...knownClientRedirectUrisFor('web')];
    const uris = first.map((r) => r.uri);
    expect(new Set(uris).size).toBe(uris.length);
    expect(uris.length).toBeLessThanOrEqual(256);
    expect([...knownClientRedirectUrisFor('publicClient', { mcpServerUrls: servers }), ...knownClientRedirectUrisFor('web')]).toEqual(first);
  });

  it('merges a URI two clients share into one entry naming both, in table order', () => {
    const table = [
      row({ id: 'cursor', displayName: 'A', redirectUris: [loopback('http://localhost/callback'), loopback('http://127.0.0.1/a')] }),
      row({ id: 'claude-code', displayName: 'B', redirectUris: [loopback('http://127.0.0.1/b'), loopback('http://localhost/callback')] }),
    ];
    expect(knownClientRedirectUrisFor('publicClient', {}, table)).toEqual([
      { uri: 'http://localhost/callback', platform: 'publicClient', purpose: 'A; B' },
      { uri: 'http://127.0.0.1/a', platform: 'publicClient', purpose: 'A' },
      { uri: 'http://127.0.0.1/b', platform: 'publicClient', purpose: 'B' },
    ]);
  });

  it('leaves out first-party and proxy-only clients', () => {
    const table = [
      row({ id: 'vscode', displayName: 'V', signIn: { kind: 'first-party-preauthorized', clientId: VSCODE_CLIENT_ID, appName: 'V' }, redirectUris: [loopback('http://127.0.0.1/v')] }),
      row({ id: 'mcporter', displayName: 'M', signIn: { kind: 'proxy-only', why: 'dcr only' }, redirectUris: [loopback('http://127.0.0.1/m')] }),
    ];
    expect(knownClientRedirectUrisFor('publicClient', {}, table)).toEqual([]);
    expect(table.map(connectionPath)).toEqual(['direct', 'proxy']);
  });

  it("expands Codex's callback per server URL and leaves it out when no URL is given", () => {
    const codexUris = (urls: readonly string[]) =>
      knownClientRedirectUrisFor('publicClient', { mcpServerUrls: urls }).filter((r) => r.uri.startsWith('http://127.0.0.1/callback/'));
    expect(codexUris([])).toEqual([]);
    const expanded = codexUris(servers).map((r) => r.uri);
    expect(expanded).toHaveLength(2);
    for (const uri of expanded) expect(uri).toMatch(/^http:\/\/127\.0\.0\.1\/callback\/[A-Za-z0-9_-]{12}$/);
    expect(expanded[0]).not.toBe(expanded[1]);
  });
});

describe('preAuthorizedFirstPartyClientIds', () => {
  it("includes VS Code's id once although Copilot CLI reuses it", () => {
    const ids = preAuthorizedFirstPartyClientIds();
    expect(ids.filter((id) => id === VSCODE_CLIENT_ID)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists only first-party clients', () => {
    const table = [
      row({ id: 'vscode', displayName: 'V', signIn: { kind: 'first-party-preauthorized', clientId: VSCODE_CLIENT_ID, appName: 'V' } }),
      row({ id: 'codex', displayName: 'C' }),
    ];
    expect(preAuthorizedFirstPartyClientIds(table)).toEqual([VSCODE_CLIENT_ID]);
  });
});

describe('docs/mcp-clients.md', () => {
  const doc = readFileSync(new URL('../../docs/mcp-clients.md', import.meta.url), 'utf8');

  it('cites every source the table cites', () => {
    for (const client of knownMcpClients) for (const source of client.sources) expect(doc, `${client.id}: ${source}`).toContain(source);
  });

  it('lists every fixed redirect URI the table holds', () => {
    for (const { client, redirect } of allRedirects) {
      if (redirect.perServer === undefined) expect(doc, `${client.id}: ${redirect.uri}`).toContain(`\`${redirect.uri}\``);
    }
  });
});
