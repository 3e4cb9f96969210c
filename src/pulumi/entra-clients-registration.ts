import * as pulumi from '@pulumi/pulumi';
import * as azuread from '@pulumi/azuread';
import type { ClientsRegistrationPlan } from './plan-clients-registration.ts';

/** What the component builds from. */
export interface EntraClientsRegistrationArgs {
  /** From `planClientsRegistration`. */
  readonly plan: ClientsRegistrationPlan;
  /** The public-client redirect URIs: the plan's, recomputed once the server's URL is known (Codex's callback names it). */
  readonly redirectUris: pulumi.Input<string[]>;
  /** The API registration's client id and object id (`/applications/{id}`), to declare and be pre-authorized for its scope. */
  readonly apiClientId: pulumi.Input<string>;
  readonly apiApplicationId: pulumi.Input<string>;
  /** The API's scope id as an output of its scope resource, so the engine creates the scope first. */
  readonly apiScopeId: pulumi.Input<string>;
}

/**
 * The public "entra-mcp clients" registration (src/registration/app-registration.ts), from
 * split azuread resources like the API's, and the API's pre-authorization of it for the
 * scope (so configurable MCP clients that use its client id are never asked for consent).
 * Only wiring: every value comes from the plan.
 */
export class EntraClientsRegistration extends pulumi.ComponentResource {
  /** Its client id: what configurable MCP clients are told (`MCP_CLIENTS_CLIENT_ID`). */
  readonly clientId: pulumi.Output<string>;

  constructor(name: string, args: EntraClientsRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('entra-mcp:index:EntraClientsRegistration', name, {}, opts);
    const { plan } = args;
    const parent = { parent: this };
    const app = new azuread.ApplicationRegistration(name, {
      displayName: plan.displayName,
      signInAudience: plan.signInAudience,
      notes: plan.notes,
    }, parent);
    new azuread.ApplicationRedirectUris(`${name}-redirect-uris-publicclient`, { applicationId: app.id, type: 'PublicClient', redirectUris: args.redirectUris }, parent);
    new azuread.ApplicationFallbackPublicClient(`${name}-fallback-public-client`, { applicationId: app.id, enabled: plan.isFallbackPublicClient }, parent);
    new azuread.ApplicationApiAccess(`${name}-api-access`, { applicationId: app.id, apiClientId: args.apiClientId, scopeIds: [plan.scopeId] }, parent);
    new azuread.ServicePrincipal(`${name}-service-principal`, { clientId: app.clientId, notes: plan.notes, tags: [...plan.servicePrincipalTags] }, parent);
    // On the API's application: its pre-authorization of this client for the scope.
    new azuread.ApplicationPreAuthorized(`${name}-preauthorized`, {
      applicationId: args.apiApplicationId,
      authorizedClientId: app.clientId,
      permissionIds: [args.apiScopeId],
    }, parent);
    this.clientId = app.clientId;
    this.registerOutputs({ clientId: this.clientId });
  }
}
