import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callMcpWithToken } from '../../src/clients/mcp-session.ts';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { VSCODE_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { followRedirects } from './helpers/follow-redirects.ts';
import { PreRegisteredClient } from './helpers/pre-registered-client.ts';

// Issue 10: the dev stack listens on 127.0.0.1 and advertises localhost; a client may be
// given either name, and must refuse metadata naming another resource (RFC 9728 §3.3).
let stack: DevStack;
let port: string;
beforeAll(async () => {
  stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } });
  port = new URL(stack.serverUrl).port;
});
afterAll(() => stack.close());

describe('npm run dev under both loopback names', () => {
  it.each(['localhost', '127.0.0.1'])("the MCP SDK's OAuth client signs in and calls whoami at http://%s:PORT/mcp", async (name) => {
    const serverUrl = `http://${name}:${port}/mcp`;
    const metadata = (await (await fetch(`http://${name}:${port}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string };
    expect(metadata.resource).toBe(serverUrl);
    const provider = new PreRegisteredClient(VSCODE_CLIENT_ID, 'http://127.0.0.1:33418/', true);
    expect(await auth(provider, { serverUrl })).toBe('REDIRECT');
    const back = await followRedirects(provider.authorizationUrl!.href, (u) => u.origin === 'http://127.0.0.1:33418', { requestLast: false });
    expect(await auth(provider, { serverUrl, authorizationCode: back.searchParams.get('code')! })).toBe('AUTHORIZED');
    const mcp = await callMcpWithToken(serverUrl, provider.tokens()!.access_token);
    expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance' });
  });

  it('the challenge under each name points at that name\'s metadata', async () => {
    for (const name of ['localhost', '127.0.0.1']) {
      const challenge = (await fetch(`http://${name}:${port}/mcp`, { method: 'POST' })).headers.get('www-authenticate');
      expect(challenge).toContain(`resource_metadata="http://${name}:${port}/.well-known/oauth-protected-resource/mcp"`);
    }
  });

  it('a browser page on either loopback name may call /mcp; another origin still gets 403', async () => {
    const call = (origin: string) =>
      fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' });
    expect((await call(`http://127.0.0.1:${port}`)).status).toBe(401);
    const viaLocalhost = await fetch(`http://localhost:${port}/mcp`, { method: 'POST', headers: { origin: `http://localhost:${port}`, 'content-type': 'application/json' }, body: '{}' });
    expect(viaLocalhost.status).toBe(401);
    expect((await call('http://evil.example')).status).toBe(403);
  });
});
