/** A correct pair of registrations in the Graph stand-in: the API (MCP URL as identifier URI) and "entra-mcp clients". */
import type { Application } from '@microsoft/microsoft-graph-types';
import { appRegistration, AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { knownClientRedirectUrisFor } from '../../src/registration/known-mcp-clients.ts';
import { seedApplication } from '../graph/harness.ts';
import type { StandIn } from '../graph/stand-in.ts';

export function seedCorrectRegistration(standIn: StandIn, mcpUrl: string): { api: Application; clients: Application } {
  const scope = appRegistration.scope;
  const clients = seedApplication(standIn.directory, {
    displayName: 'entra-mcp clients',
    publicClient: { redirectUris: knownClientRedirectUrisFor('publicClient', { mcpServerUrls: [mcpUrl] }).map((r) => r.uri) },
    web: { redirectUris: knownClientRedirectUrisFor('web').map((r) => r.uri) },
  });
  const api = seedApplication(standIn.directory);
  api.identifierUris = [`api://${api.appId}`, mcpUrl];
  api.api = {
    requestedAccessTokenVersion: 2,
    oauth2PermissionScopes: [{ id: scope.id, value: scope.value, isEnabled: true, type: scope.type }],
    preAuthorizedApplications: [AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID, clients.appId as string].map((appId) => ({ appId, delegatedPermissionIds: [scope.id] })),
  };
  standIn.directory.servicePrincipals.set('sp-api', { id: 'sp-api', appId: api.appId as string, tags: [] });
  return { api, clients };
}
