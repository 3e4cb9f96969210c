import { describe, expect, it } from 'vitest';
import { desiredApplication } from '../src/graph/desired-application.ts';
import { planAppRegistration } from '../src/pulumi/plan-app-registration.ts';
import { storedRedirectUri } from '../src/registration/graph-shape.ts';
import { appRegistration } from '../src/registration/app-registration.ts';

const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

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
  it('agree on every field both write', () => {
    const graph = desiredApplication(appRegistration, CLIENT_ID);
    const pulumi = planAppRegistration({ stack: 'dev', powerPlatform: { enabled: false } });
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
      preAuthorizedApplications: pulumi.preAuthorizedApplications,
      publicClient: pulumi.publicClientRedirectUris,
      web: pulumi.webRedirectUris,
      spa: pulumi.spaRedirectUris,
      isFallbackPublicClient: pulumi.isFallbackPublicClient,
      requiredResourceAccess: pulumi.requiredResourceAccess,
    });
    expect(fromPulumi).toEqual(fromGraph);
    // And the values are the description's, not two copies that happen to agree.
    expect(fromGraph.identifierUris).toEqual([`api://${CLIENT_ID}`]);
    expect(fromGraph.requestedAccessTokenVersion).toBe(2);
    expect(fromGraph.preAuthorizedApplications).toEqual(appRegistration.preAuthorizedClients.map((c) => ({ appId: c.appId, delegatedPermissionIds: [appRegistration.scope.id] })));
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
