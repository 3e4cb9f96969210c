/**
 * Under Pulumi mocks, the whole program in proxy mode: the server's callback on the
 * registration's Web platform (known only once the server's URL is), and the federated
 * credential trusting the server's managed identity.
 */
import * as pulumi from '@pulumi/pulumi';
import { afterEach, describe, expect, it } from 'vitest';
import { POWER_PLATFORM_REDIRECT_URI } from '../registration/app-registration.ts';
import { managedIdentityFederatedCredential } from '../registration/proxy-mode-registration.ts';
import { ConfigError } from './config-error.ts';
import { program } from './program.ts';
import { MOCK, mockCloud, one, settle, valueOf, type Registered } from './testing/mock-cloud.ts';

const now = new Date('2026-11-22T10:00:00Z');
const defaultOrigin = `https://mcp-dev.${MOCK.defaultDomain}`;
const URIS = 'azuread:index/applicationRedirectUris:ApplicationRedirectUris';
const FIC = 'azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential';
const configure = (values: Record<string, string>) =>
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({ secretRotation: '2026-11-01', image: 'example.azurecr.io/entra-mcp-server:1.0', ...values }).map(([k, v]) => [`entra-mcp:${k}`, v])));
afterEach(() => pulumi.runtime.setAllConfig({}));

async function up(values: Record<string, string> = {}): Promise<{ registered: Registered[]; authMode: string }> {
  const registered = await mockCloud();
  configure(values);
  const outputs = program({ now });
  const authMode = await valueOf(outputs.authMode);
  await settle();
  return { registered, authMode };
}
const webUris = (registered: Registered[]) => registered.filter((r) => r.type === URIS && r.name === 'entra-redirect-uris-web').map((r) => r.inputs);

describe('the program in proxy mode', () => {
  it('direct mode (the default): no Web redirect URI, no federated credential, authMode output direct', async () => {
    const { registered, authMode } = await up();
    expect(webUris(registered)).toEqual([]);
    expect(registered.filter((r) => r.type === FIC)).toEqual([]);
    expect(authMode).toBe('direct');
  });

  it('puts the server\'s callback on the API registration\'s Web platform, from the Container App\'s URL', async () => {
    const { registered, authMode } = await up({ authMode: 'proxy' });
    expect(webUris(registered)).toEqual([{ applicationId: '/applications/object-id-of-entra', type: 'Web', redirectUris: [`${defaultOrigin}/oauth/callback`] }]);
    // Not on the public-client platform: Entra must expect the app's credential there.
    for (const r of registered.filter((x) => x.type === URIS && x.name !== 'entra-redirect-uris-web')) expect(r.inputs.redirectUris).not.toContain(`${defaultOrigin}/oauth/callback`);
    expect(authMode).toBe('proxy');
  });

  it('uses the bound custom domain for the callback, and keeps the Power Platform Web URIs beside it in the one Web resource', async () => {
    const { registered } = await up({ authMode: 'proxy', customDomain: 'mcp.contoso.com', customDomainCertificate: 'true', powerPlatformConnector: 'true', powerPlatformConnectorRedirectUri: 'https://europe-002.consent.azure-apim.net/redirect/abc' });
    const [web] = webUris(registered);
    expect(webUris(registered)).toHaveLength(1);
    expect(web?.redirectUris).toEqual([POWER_PLATFORM_REDIRECT_URI, 'https://europe-002.consent.azure-apim.net/redirect/abc', 'https://mcp.contoso.com/oauth/callback']);
  });

  it('with the managed identity (the default credential): a federated credential on the app trusting the identity\'s principal id', async () => {
    const { registered } = await up({ authMode: 'proxy' });
    const expected = managedIdentityFederatedCredential({ authorityHost: 'https://login.microsoftonline.com', tenantId: MOCK.tenantId, principalId: MOCK.identityPrincipalId });
    expect(one(registered, FIC, 'entra-proxy-managed-identity').inputs).toEqual({
      applicationId: '/applications/object-id-of-entra',
      displayName: expected.name,
      issuer: `https://login.microsoftonline.com/${MOCK.tenantId}/v2.0`,
      subject: MOCK.identityPrincipalId,
      audiences: ['api://AzureADTokenExchange'],
      description: expected.description,
    });
  });

  it('with the client secret: the callback, and no federated credential', async () => {
    const { registered } = await up({ authMode: 'proxy', proxyCredential: 'secret' });
    expect(registered.filter((r) => r.type === FIC)).toEqual([]);
    expect(webUris(registered)[0]?.redirectUris).toEqual([`${defaultOrigin}/oauth/callback`]);
  });

  it('stops on an unknown mode or credential before registering anything, naming the key', async () => {
    const registered = await mockCloud();
    configure({ authMode: 'Proxy' });
    expect(() => program({ now })).toThrow(ConfigError);
    expect(() => program({ now })).toThrow(/^entra-mcp:authMode: expected direct or proxy, got "Proxy"/);
    configure({ authMode: 'proxy', proxyCredential: 'certificate' });
    expect(() => program({ now })).toThrow(/^entra-mcp:proxyCredential: expected managedIdentity or secret/);
    configure({ authMode: 'proxy', proxyKeysGeneration: '0' });
    expect(() => program({ now })).toThrow(/^entra-mcp:proxyKeysGeneration: must be between 1 and 10000/);
    await settle();
    expect(registered).toEqual([]);
  });
});
