/**
 * Under Pulumi mocks: the public "entra-mcp clients" registration beside the API's, and the
 * optional custom domain (DNS records first, then the managed certificate and binding, and
 * only then the MCP URL as identifier URI and scope base).
 */
import * as pulumi from '@pulumi/pulumi';
import { afterEach, describe, expect, it } from 'vitest';
import { codexCallbackId } from '../registration/known-mcp-clients.ts';
import { ConfigError } from './config-error.ts';
import { program } from './program.ts';
import { MOCK, mockCloud, one, reveal, settle, valueOf } from './testing/mock-cloud.ts';

const now = new Date('2026-11-22T10:00:00Z');
const defaultOrigin = `https://mcp-dev.${MOCK.defaultDomain}`;
const configure = (values: Record<string, string>) =>
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries({ secretRotation: '2026-11-01', image: 'example.azurecr.io/entra-mcp-server:1.0', ...values }).map(([k, v]) => [`entra-mcp:${k}`, v])));
afterEach(() => pulumi.runtime.setAllConfig({}));

const REG = 'azuread:index/applicationRegistration:ApplicationRegistration';
const PRE = 'azuread:index/applicationPreAuthorized:ApplicationPreAuthorized';
const URIS = 'azuread:index/applicationRedirectUris:ApplicationRedirectUris';
const IDURI = 'azuread:index/applicationIdentifierUri:ApplicationIdentifierUri';
const CERT = 'azure-native:app:ManagedCertificate';
const APP = 'azure-native:app:ContainerApp';

async function up(values: Record<string, string> = {}) {
  const registered = await mockCloud({ extra: (type) => (type === 'azuread:index/applicationPermissionScope:ApplicationPermissionScope' ? { scopeId: 'scope-id-from-output' } : undefined) });
  configure(values);
  const outputs = program({ now });
  const resolved = {
    serverUrl: await valueOf(outputs.serverUrl),
    mcpClientsClientId: await valueOf(outputs.mcpClientsClientId),
    dns: JSON.parse(await valueOf(outputs.customDomainDnsRecords)) as unknown[],
  };
  await settle();
  return { registered, ...resolved };
}

describe('the "entra-mcp clients" registration', () => {
  it('is a public client with the known clients\' redirect URIs, pre-authorized by the API for its scope, and an output', async () => {
    const { registered, mcpClientsClientId } = await up();
    expect(one(registered, REG, 'entra-clients').inputs).toMatchObject({ displayName: 'entra-mcp clients (dev)', notes: 'entra-mcp:pulumi:dev' });
    expect(mcpClientsClientId).toBe('client-id-of-entra-clients');
    const redirects = one(registered, URIS, 'entra-clients-redirect-uris-publicclient').inputs;
    expect(redirects.type).toBe('PublicClient');
    expect(redirects.redirectUris).toContain('http://localhost/oauth/callback'); // mcp-remote, the Inspector
    expect(redirects.redirectUris).toContain(`http://127.0.0.1/callback/${codexCallbackId(`${defaultOrigin}/mcp`)}`); // Codex names the server
    expect(one(registered, 'azuread:index/applicationFallbackPublicClient:ApplicationFallbackPublicClient', 'entra-clients-fallback-public-client').inputs.enabled).toBe(true);
    const pre = one(registered, PRE, 'entra-clients-preauthorized').inputs;
    // On the API's application, for the scope as its resource's output (created first).
    expect(pre).toMatchObject({ applicationId: '/applications/object-id-of-entra', authorizedClientId: 'client-id-of-entra-clients', permissionIds: ['scope-id-from-output'] });
    expect(registered.filter((r) => r.type === CERT)).toEqual([]);
  });
});

describe('customDomain', () => {
  it('first: outputs the DNS records (TXT asuid + CNAME to the app) and changes nothing else', async () => {
    const { registered, dns, serverUrl } = await up({ customDomain: 'mcp.contoso.example' });
    expect(dns).toEqual([
      { type: 'TXT', name: 'asuid.mcp.contoso.example', value: MOCK.customDomainVerificationId },
      { type: 'CNAME', name: 'mcp.contoso.example', value: `mcp-dev.${MOCK.defaultDomain}` },
    ]);
    expect(serverUrl).toBe(defaultOrigin);
    expect(registered.filter((r) => r.type === CERT)).toEqual([]);
    expect(registered.filter((r) => r.type === IDURI)).toHaveLength(1);
  });

  it('with customDomainCertificate: managed certificate, SNI binding, the server on it, its MCP URL an identifier URI and the scope base', async () => {
    const { registered, serverUrl } = await up({ customDomain: 'mcp.contoso.example', customDomainCertificate: 'true' });
    expect(serverUrl).toBe('https://mcp.contoso.example');
    expect(one(registered, CERT).inputs.properties).toEqual({ subjectName: 'mcp.contoso.example', domainControlValidation: 'CNAME' });
    const app = one(registered, APP).inputs;
    expect(app.configuration.ingress.customDomains).toEqual([{ name: 'mcp.contoso.example', bindingType: 'SniEnabled', certificateId: expect.stringContaining('ManagedCertificate') }]);
    const env = Object.fromEntries((app.template.containers[0].env as { name: string; value: unknown }[]).map((e) => [e.name, reveal(e.value).value]));
    expect(env).toMatchObject({ MCP_PUBLIC_URL: 'https://mcp.contoso.example', MCP_RESOURCE_IS_IDENTIFIER_URI: 'true' });
    expect(one(registered, IDURI, 'entra-identifier-uri-mcp').inputs.identifierUri).toBe('https://mcp.contoso.example/mcp');
  });

  it.each([
    ['https://mcp.contoso.example', 'customDomain'],
    ['contoso.example', 'customDomain'],
  ])('refuses %s, naming %s', async (value, key) => {
    await mockCloud();
    configure({ customDomain: value });
    expect(() => program({ now })).toThrow(ConfigError);
    expect(() => program({ now })).toThrow(new RegExp(`^entra-mcp:${key}: expected a host name`));
    await settle();
  });

  it('refuses customDomainCertificate without customDomain', async () => {
    await mockCloud();
    configure({ customDomainCertificate: 'true' });
    expect(() => program({ now })).toThrow(/^entra-mcp:customDomainCertificate: is true but customDomain is empty/);
    await settle();
  });
});
