import { describe, expect, it } from 'vitest';
import { ClientError } from './client-errors.ts';
import { protectedResourceMetadataUrls } from './discover-protected-resource.ts';
import { signIn } from './sign-in-flow.ts';

const MCP = 'https://mcp.example/mcp';
const AS = 'https://as.example';

interface World {
  challenge?: string;
  metadata?: Record<string, Record<string, unknown>>;
  asScopes?: string[];
  token?: () => Response;
}

/** A fake MCP server and a non-Entra authorization server; records every URL asked. */
function fakeWorld(world: World) {
  const asked: string[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    asked.push(`${init?.method ?? 'GET'} ${url.split('?')[0]}`);
    if (url === MCP) return new Response(null, { status: 401, headers: world.challenge === undefined ? {} : { 'www-authenticate': world.challenge } });
    const doc = world.metadata?.[url];
    if (doc !== undefined) return Response.json(doc);
    if (url === `${AS}/.well-known/openid-configuration`) {
      return Response.json({ issuer: AS, authorization_endpoint: `${AS}/authorize`, token_endpoint: `${AS}/token`, ...(world.asScopes === undefined ? {} : { scopes_supported: world.asScopes }) });
    }
    if (url.startsWith(`${AS}/authorize?`)) return new Response('<html>sign in</html>', { headers: { 'content-type': 'text/html' } });
    if (url === `${AS}/token` && world.token !== undefined) return world.token();
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetchImpl, asked };
}

const prm = (resource: string, extra: Record<string, unknown> = {}) => ({ resource, authorization_servers: [AS], ...extra });
const pathForm = 'https://mcp.example/.well-known/oauth-protected-resource/mcp';
const rootForm = 'https://mcp.example/.well-known/oauth-protected-resource';

/** Runs the sign-in until the authorization URL is shown; returns that URL. */
async function authorizationUrlOf(world: World, asked: string[] = []): Promise<URL> {
  const { fetchImpl, asked: seen } = fakeWorld(world);
  let shown: URL | undefined;
  await signIn({ serverUrl: 'https://mcp.example', clientId: 'client', callbackPort: 0, fetch: fetchImpl, openAuthorizationUrl: (u) => {
    shown = new URL(u);
    throw new Error('stop here');
  } }).catch((e: unknown) => {
    if ((e as Error).message !== 'stop here') throw e;
  });
  asked.push(...seen);
  return shown!;
}

describe('protected resource metadata (RFC 9728)', () => {
  it('tries the path form, then the root form', () => {
    expect(protectedResourceMetadataUrls(MCP)).toEqual([{ url: pathForm, resource: MCP }, { url: rootForm, resource: 'https://mcp.example' }]);
  });

  it('refuses metadata whose resource is not the URL called (§3.3), before any authorization server is asked', async () => {
    const { fetchImpl, asked } = fakeWorld({ challenge: `Bearer resource_metadata="${pathForm}"`, metadata: { [pathForm]: prm('https://other.example/mcp') } });
    const failure = await signIn({ serverUrl: 'https://mcp.example', clientId: 'c', fetch: fetchImpl, openAuthorizationUrl: () => undefined }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as Error).message).toBe(`${pathForm} describes the resource "https://other.example/mcp", not ${MCP}: refusing it (RFC 9728 §3.3)`);
    expect(asked.some((a) => a.includes('as.example'))).toBe(false);
  });

  it('without resource_metadata in the challenge, falls back to the root metadata URL after the path form', async () => {
    const asked: string[] = [];
    const url = await authorizationUrlOf({ metadata: { [rootForm]: prm('https://mcp.example') } }, asked);
    expect(url.searchParams.get('resource')).toBe('https://mcp.example');
    expect(asked.slice(0, 3)).toEqual([`POST ${MCP}`, `GET ${pathForm}`, `GET ${rootForm}`]);
  });
});

describe('signIn as an MCP client', () => {
  it('sends no scope when none is advertised, no openid (no ID token asked), and resource to a server that is not Entra', async () => {
    const url = await authorizationUrlOf({ challenge: `Bearer resource_metadata="${pathForm}"`, metadata: { [pathForm]: prm(MCP) }, asScopes: ['openid', 'offline_access'] });
    expect(url.searchParams.has('scope')).toBe(false);
    expect(url.searchParams.get('resource')).toBe(MCP);
    expect(url.searchParams.has('nonce')).toBe(false);
  });

  it('asks offline_access only where the authorization server advertises it', async () => {
    const base = { challenge: `Bearer resource_metadata="${pathForm}"`, metadata: { [pathForm]: prm(MCP, { scopes_supported: ['mcp:tools'] }) } };
    expect((await authorizationUrlOf({ ...base, asScopes: ['mcp:tools', 'offline_access'] })).searchParams.get('scope')).toBe('mcp:tools offline_access');
    expect((await authorizationUrlOf(base)).searchParams.get('scope')).toBe('mcp:tools');
  });

  it('shows the real cause when the code exchange fails', async () => {
    const { fetchImpl } = fakeWorld({
      challenge: `Bearer resource_metadata="${pathForm}"`,
      metadata: { [pathForm]: prm(MCP) },
      token: () => Response.json({ token_type: 'Bearer' }), // no access_token
    });
    const failure = await signIn({
      serverUrl: 'https://mcp.example', clientId: 'c', callbackPort: 0, fetch: fetchImpl,
      openAuthorizationUrl: async (u) => {
        const sent = new URL(u);
        await (await fetch(`${sent.searchParams.get('redirect_uri')}?code=abc&state=${sent.searchParams.get('state')}`)).text();
      },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as Error).message).toMatch(/^POST https:\/\/as\.example\/token failed: .*"response" body "access_token" property must be a string/);
  });
});
