import { describe, expect, it } from 'vitest';
import { AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID } from '../registration/app-registration.ts';
import { codexCallbackId } from '../registration/known-mcp-clients.ts';
import { localClients } from './local-clients.ts';
import { matchRedirectUri } from './redirect-match.ts';

const API = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';
const CLIENTS = '3e5a7c91-2b4d-4f6a-8c0e-5d7f9b1a3c6e';

describe('localClients: the "entra-mcp clients" registration in the local tenant', () => {
  const mcpUrl = 'http://localhost:8000/mcp';
  const all = localClients(API, undefined, [], { clientId: CLIENTS, mcpServerUrls: [mcpUrl] });
  const clients = all.find((c) => c.clientId === CLIENTS);

  it('is a public client the API pre-authorizes (no consent), not the API itself', () => {
    expect(clients).toMatchObject({ name: 'entra-mcp clients', preAuthorized: true, isApi: false, allowPublicClientFlows: true });
    expect(all.map((c) => c.clientId)).toEqual([API, AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID, CLIENTS]);
  });

  it("carries the known clients' callbacks, any loopback port, on the public client platform only", () => {
    const redirects = clients?.redirectUris ?? [];
    expect(redirects.every((r) => r.platform === 'publicClient')).toBe(true);
    for (const sent of ['http://localhost:3334/oauth/callback', 'http://127.0.0.1:6274/oauth/callback', `http://127.0.0.1:5555/callback/${codexCallbackId(mcpUrl)}`]) {
      expect([sent, matchRedirectUri(sent, redirects)?.platform]).toEqual([sent, 'publicClient']);
    }
    expect(matchRedirectUri('https://claude.ai/api/mcp/auth_callback', redirects)).toBeUndefined(); // web-only: proxy mode
  });

  it('is left out when no clients registration is given', () => {
    expect(localClients(API).some((c) => c.clientId === CLIENTS)).toBe(false);
  });
});
