import { describe, expect, it } from 'vitest';
import { desiredApplication } from '../src/graph/desired-application.ts';
import { planAppRegistration } from '../src/pulumi/plan-app-registration.ts';
import { storedRedirectUri } from '../src/registration/graph-shape.ts';
import { appRegistration } from '../src/registration/app-registration.ts';
import { desiredClientsApplication } from '../src/registration/clients-shape.ts';
import { planClientsRegistration } from '../src/pulumi/plan-clients-registration.ts';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';
const CLIENTS_ID = '22222222-3333-4444-5555-666666666666';
const MCP_URL = 'https://mcp.contoso.example/mcp';

/** The fields both paths write, in Graph's shape, with redirect URIs as Entra stores them. */
function comparable(app: {
  signInAudience: string;
  identifierUris: string[];
  requestedAccessTokenVersion: number;
  scope: unknown;
  preAuthorizedApplications: readonly unknown[];
  publicClient: readonly string[];
  web: readonly string[];
  spa: readonly string[];
  isFallbackPublicClient: boolean;
  requiredResourceAccess: unknown;
}) {
  const uris = (list: readonly string[]) => list.map(storedRedirectUri).sort();
  return { ...app, publicClient: uris(app.publicClient), web: uris(app.web), spa: uris(app.spa) };
}

describe('register-app (Graph) and the Pulumi program build the same registration from the one description', () => {
  it.each([
    ['without the MCP URL', undefined],
    ['with the MCP URL as identifier URI', MCP_URL],
  ])('agree on every field both write (%s)', (_label, mcpResource) => {
    const graph = desiredApplication(appRegistration, CLIENT_ID, { mcpResource, clientsClientId: CLIENTS_ID });
    const pulumi = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: false }, mcpResource });
    const fromGraph = comparable({
      signInAudience: graph.signInAudience,
      identifierUris: graph.identifierUris,
      requestedAccessTokenVersion: graph.api.requestedAccessTokenVersion,
      scope: graph.api.oauth2PermissionScopes[0],
      preAuthorizedApplications: graph.api.preAuthorizedApplications,
      publicClient: graph.publicClient.redirectUris,
      web: graph.web.redirectUris,
      spa: graph.spa.redirectUris,
      isFallbackPublicClient: graph.isFallbackPublicClient,
      requiredResourceAccess: graph.requiredResourceAccess,
    });
    const fromPulumi = comparable({
      signInAudience: pulumi.signInAudience,
      identifierUris: pulumi.identifierUris(CLIENT_ID),
      requestedAccessTokenVersion: pulumi.requestedAccessTokenVersion,
      scope: pulumi.scope,
      preAuthorizedApplications: pulumi.preAuthorizedApplicationsWith(CLIENTS_ID),
      publicClient: pulumi.publicClientRedirectUris,
      web: pulumi.webRedirectUris,
      spa: pulumi.spaRedirectUris,
      isFallbackPublicClient: pulumi.isFallbackPublicClient,
      requiredResourceAccess: pulumi.requiredResourceAccess,
    });
    expect(fromPulumi).toEqual(fromGraph);
    // And the values are the description's, not two copies that happen to agree.
    expect(fromGraph.identifierUris).toEqual(mcpResource === undefined ? [`api://${CLIENT_ID}`] : [`api://${CLIENT_ID}`, MCP_URL]);
    expect(fromGraph.requestedAccessTokenVersion).toBe(2);
    expect(fromGraph.preAuthorizedApplications).toEqual(
      [...appRegistration.preAuthorizedClients.map((c) => c.appId), CLIENTS_ID].map((appId) => ({ appId, delegatedPermissionIds: [appRegistration.scope.id] })),
    );
  });

  it('agree on the "entra-mcp clients" registration', () => {
    const graph = desiredClientsApplication({ apiClientId: CLIENT_ID, scopeId: appRegistration.scope.id, mcpServerUrls: [MCP_URL] });
    const pulumi = planClientsRegistration({ stack: 'dev', mcpServerUrls: [MCP_URL] });
    // Pulumi's requiredResourceAccess is one ApplicationApiAccess on the API's client id and the plan's scope id.
    const fromPulumi = {
      signInAudience: pulumi.signInAudience,
      publicClient: [...pulumi.publicClientRedirectUris].sort(),
      isFallbackPublicClient: pulumi.isFallbackPublicClient,
      requiredResourceAccess: [{ resourceAppId: CLIENT_ID, resourceAccess: [{ id: pulumi.scopeId, type: 'Scope' }] }],
    };
    const fromGraph = {
      signInAudience: graph.signInAudience,
      publicClient: [...graph.publicClient.redirectUris].sort(),
      isFallbackPublicClient: graph.isFallbackPublicClient,
      requiredResourceAccess: graph.requiredResourceAccess,
    };
    expect(fromPulumi).toEqual(fromGraph);
    // No Web or SPA platform: a public client only (app-registration.ts says why).
    expect([graph.web.redirectUris, graph.spa.redirectUris]).toEqual([[], []]);
    expect(fromGraph.publicClient).toContain('http://localhost/oauth/callback');
    expect(fromGraph.publicClient.some((u) => u.startsWith('http://127.0.0.1/callback/'))).toBe(true);
    expect(pulumi.displayName).toBe('entra-mcp clients (dev)');
    expect(graph.displayName).toBe('entra-mcp clients');
  });

  it('both follow a change to the description', () => {
    const changed = { ...appRegistration, isFallbackPublicClient: false, scope: { ...appRegistration.scope, value: 'mcp.use' } };
    const graph = desiredApplication(changed, CLIENT_ID);
    const pulumi = planAppRegistration({ stack: 'dev', description: changed });
    expect(graph.isFallbackPublicClient).toBe(false);
    expect(pulumi.isFallbackPublicClient).toBe(false);
    expect(graph.api.oauth2PermissionScopes[0]?.value).toBe('mcp.use');
    expect(pulumi.scope.value).toBe('mcp.use');
  });
});
