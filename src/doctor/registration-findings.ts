import { appRegistration, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { preAuthorizedClients } from '../registration/clients-shape.ts';
import { knownMcpClients } from '../registration/known-mcp-clients.ts';
import { checkClientRedirectUris } from './checks/client-redirect-uris.ts';
import { checkConsentPolicy } from './checks/consent-policy.ts';
import { checkPreAuthorizations, type WantedPreAuthorization } from './checks/pre-authorizations.ts';
import { checkResourceIdentifierUri } from './checks/resource-identifier-uri.ts';
import { checkServicePrincipal } from './checks/server-checks.ts';
import { checkTokenVersion } from './checks/token-version.ts';
import type { Finding } from './finding.ts';
import type { RegistrationFacts } from './gather-registration.ts';

/**
 * Pure: the clients the API must pre-authorize: those of the one description (Azure CLI,
 * VS Code), the first-party clients of the known-clients table, and the clients registration.
 */
export function wantedPreAuthorizations(clientsClientId: string | undefined, description: AppRegistrationDescription = appRegistration): WantedPreAuthorization[] {
  // The same list register-app, Pulumi and the local provider write: what they write is what doctor wants.
  return preAuthorizedClients(description, clientsClientId).map((c) => ({ appId: c.appId, name: c.name }));
}

/** Pure: every registration check, from what Graph said. */
export function registrationFindings(facts: RegistrationFacts, ctx: { resource: string; mcpUrl: string; clientsClientId: string | undefined }, description: AppRegistrationDescription = appRegistration): Finding[] {
  const api = facts.api.api;
  const preAuthorized = api?.preAuthorizedApplications ?? [];
  const pre = checkPreAuthorizations({ preAuthorizedApplications: preAuthorized, scopeId: description.scope.id, scopeValue: description.scope.value, wanted: wantedPreAuthorizations(ctx.clientsClientId, description) });
  const registered =
    facts.clients === undefined
      ? undefined
      : { publicClient: facts.clients.publicClient?.redirectUris ?? [], web: facts.clients.web?.redirectUris ?? [], spa: facts.clients.spa?.redirectUris ?? [] };
  return [
    checkTokenVersion({ requestedAccessTokenVersion: api?.requestedAccessTokenVersion }),
    checkResourceIdentifierUri({ resource: ctx.resource, identifierUris: facts.api.identifierUris ?? [] }),
    checkServicePrincipal({ apiClientId: facts.api.appId ?? '', exists: facts.servicePrincipalExists }),
    ...pre,
    checkConsentPolicy({ permissionGrantPoliciesAssigned: facts.permissionGrantPoliciesAssigned, clientsPreAuthorized: ctx.clientsClientId !== undefined && preAuthorized.some((p) => p.appId === ctx.clientsClientId && p.delegatedPermissionIds?.includes(description.scope.id) === true) }),
    ...knownMcpClients.filter((c) => c.signIn.kind === 'entra-mcp-clients-registration').map((c) => checkClientRedirectUris(c, ctx.mcpUrl, registered)),
  ];
}

/** Pure: the registration's identifier URIs and enabled scope values, for the scope check. */
export function exposedScopesOf(facts: RegistrationFacts): { identifierUris: string[]; exposedScopes: string[] } {
  return {
    identifierUris: facts.api.identifierUris ?? [],
    exposedScopes: (facts.api.api?.oauth2PermissionScopes ?? []).filter((s) => s.isEnabled !== false && typeof s.value === 'string').map((s) => s.value as string),
  };
}
