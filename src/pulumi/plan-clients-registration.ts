import { appRegistration, mcpClientsRegistration, pulumiManagedMarker, type AppRegistrationDescription, type ClientsRegistrationDescription } from '../registration/app-registration.ts';
import { clientsRedirectUris } from '../registration/clients-shape.ts';

/** The "entra-mcp clients" registration as `pulumi up` will leave it, in Graph's field names. */
export interface ClientsRegistrationPlan {
  readonly displayName: string;
  readonly signInAudience: AppRegistrationDescription['signInAudience'];
  /** Graph: `publicClient.redirectUris` (the only platform it has). */
  readonly publicClientRedirectUris: readonly string[];
  readonly isFallbackPublicClient: true;
  /** Graph: `requiredResourceAccess` on the API's scope (declared; the pre-authorization grants it). */
  readonly scopeId: string;
  readonly notes: string;
  readonly servicePrincipalTags: readonly string[];
}

/**
 * Pure: the public "entra-mcp clients" registration for one stack, from the one description
 * and the known-clients table. The component only wires it.
 *
 * @param mcpServerUrls - the server's MCP URLs, for clients whose callback names the server (Codex).
 * @example
 * ```ts
 * planClientsRegistration({ stack: 'dev', mcpServerUrls: [] }).displayName; // 'entra-mcp clients (dev)'
 * ```
 */
export function planClientsRegistration(args: {
  readonly stack: string;
  readonly mcpServerUrls: readonly string[];
  readonly description?: AppRegistrationDescription;
  readonly clients?: ClientsRegistrationDescription;
}): ClientsRegistrationPlan {
  const description = args.description ?? appRegistration;
  const clients = args.clients ?? mcpClientsRegistration;
  const marker = pulumiManagedMarker(args.stack, description);
  return {
    displayName: `${clients.displayName} (${args.stack})`,
    signInAudience: description.signInAudience,
    publicClientRedirectUris: clientsRedirectUris(args.mcpServerUrls),
    isFallbackPublicClient: clients.isFallbackPublicClient,
    scopeId: description.scope.id,
    notes: marker,
    servicePrincipalTags: ['WindowsAzureActiveDirectoryIntegratedApp', marker],
  };
}
