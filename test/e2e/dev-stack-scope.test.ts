import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeviceCodeFlow } from '../../src/clients/device-code-flow.ts';
import { discoverAuthorizationServer } from '../../src/clients/discover-authorization-server.ts';
import { callMcpWithToken } from '../../src/clients/mcp-session.ts';
import { devServerEnv, startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { appRegistration, AZURE_CLI_CLIENT_ID } from '../../src/registration/app-registration.ts';

// Issue 8: the scope lives once, in the registration description. Rename it there and
// `npm run dev` must still give a working flow: the provider issues the new scope and the
// server demands it.
const renamed = { ...appRegistration, scope: { ...appRegistration.scope, value: 'mcp.invoke' } };
const noWait = async (): Promise<void> => undefined;

describe("the server's required scope comes from the registration description", () => {
  it("devServerEnv passes the description's scope value as REQUIRED_SCOPE", () => {
    const idp = { tenantId: 't', clientId: 'c', authorityHost: 'http://127.0.0.1:1' };
    expect(devServerEnv({}, idp, 0, renamed).REQUIRED_SCOPE).toBe('mcp.invoke');
    expect(devServerEnv({ REQUIRED_SCOPE: 'other' }, idp, 0, appRegistration).REQUIRED_SCOPE).toBe(appRegistration.scope.value);
  });

  describe('npm run dev with the scope renamed in the description', () => {
    let stack: DevStack;
    beforeAll(async () => {
      stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', registration: renamed, env: { LOG_LEVEL: 'silent' } });
    });
    afterAll(() => stack.close());

    it('issues a token for the renamed scope that the server accepts, and advertises it', async () => {
      const { config } = await discoverAuthorizationServer(stack.issuer, { clientId: AZURE_CLI_CLIENT_ID });
      const tokens = await runDeviceCodeFlow({
        config,
        scope: `api://${stack.clientId}/mcp.invoke`,
        sleep: noWait,
        onPrompt: () => undefined,
      });
      const mcp = await callMcpWithToken(`${stack.serverUrl}/mcp`, tokens.accessToken);
      expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance', scopes: ['mcp.invoke'] });
      const metadata = (await (await fetch(`${stack.serverUrl}/.well-known/oauth-protected-resource/mcp`)).json()) as { scopes_supported: string[] };
      // Named under the resource: npm run dev makes the MCP URL an identifier URI of the local API.
      expect(metadata.scopes_supported).toEqual([`${stack.serverUrl}/mcp/mcp.invoke`]);
    });
  });
});
