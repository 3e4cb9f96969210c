import * as pulumi from '@pulumi/pulumi';
import * as azuread from '@pulumi/azuread';
import { fullScope } from '../registration/app-registration.ts';
import type { AppRegistrationPlan } from './plan-app-registration.ts';
import type { ClientSecretPlan } from './plan-client-secret.ts';

/** What the component builds from: both plans, already computed. */
export interface EntraAppRegistrationArgs {
  /** From `planAppRegistration`. */
  readonly plan: AppRegistrationPlan;
  /** From `planClientSecret`. */
  readonly secret: ClientSecretPlan;
  /**
   * Web redirect URIs known only once the server's URL is (proxy mode's callback), added to
   * the plan's. One resource holds a platform's whole list, so they cannot have their own.
   */
  readonly laterWebRedirectUris?: pulumi.Input<string[]>;
}

// The split resources' `type` values (azuread ApplicationRedirectUris).
const REDIRECT_TYPES = [
  ['publicClientRedirectUris', 'PublicClient'],
  ['webRedirectUris', 'Web'],
  ['spaRedirectUris', 'SPA'],
] as const;

/**
 * The Entra app registration, built from split azuread resources (never the monolithic
 * `Application`, whose inline blocks would fight them). Only wiring: every value comes
 * from the plan. Logical names derive from stable ids, never from labels or positions.
 */
export class EntraAppRegistration extends pulumi.ComponentResource {
  /** The client id (`appId`): the audience the server accepts. */
  readonly clientId: pulumi.Output<string>;
  /** The application's object id (Graph `id`), needed to purge it after `destroy`. */
  readonly objectId: pulumi.Output<string>;
  readonly identifierUri: pulumi.Output<string>;
  /** `{identifierUri}/{scope value}`, e.g. `api://{clientId}/access_as_user`. */
  readonly fullScope: pulumi.Output<string>;
  /** The application's resource id (`/applications/{objectId}`), for resources on it elsewhere. */
  readonly applicationId: pulumi.Output<string>;
  /** The scope's id, as its resource's output (depend on it to have the scope first). */
  readonly scopeId: pulumi.Output<string>;
  /** The client secret's value, secret. */
  readonly clientSecret: pulumi.Output<string>;
  readonly clientSecretEndDate: pulumi.Output<string>;

  constructor(name: string, args: EntraAppRegistrationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('entra-mcp:index:EntraAppRegistration', name, {}, opts);
    const { plan, secret } = args;
    const parent = { parent: this };

    const app = new azuread.ApplicationRegistration(name, {
      displayName: plan.displayName,
      signInAudience: plan.signInAudience,
      requestedAccessTokenVersion: plan.requestedAccessTokenVersion,
      notes: plan.notes,
    }, parent);
    // The split resources take the resource id `/applications/{objectId}`, not the client id.
    const applicationId = app.id;

    // The description gives `api://{clientId}` and, with a bound custom domain, the MCP URL;
    // each named for what it is, not for its position. The alias keeps stacks created under
    // the old positional name.
    const identifierUris = plan.identifierUris('{clientId}');
    if (identifierUris.length < 1 || identifierUris.length > 2) throw new Error(`the registration plan must give one or two identifier URIs, got ${identifierUris.length}`);
    const uri = new azuread.ApplicationIdentifierUri(`${name}-identifier-uri`, {
      applicationId,
      identifierUri: app.clientId.apply((clientId) => plan.identifierUris(clientId)[0] as string),
    }, { ...parent, aliases: [{ name: `${name}-identifier-uri-0` }] });
    if (identifierUris[1] !== undefined) {
      // The tenant's policy accepts it only on a verified domain (docs/provisioning.md).
      new azuread.ApplicationIdentifierUri(`${name}-identifier-uri-mcp`, { applicationId, identifierUri: identifierUris[1] }, { ...parent, dependsOn: [uri] });
    }

    // Named by the scope's fixed id: renaming its value or display texts updates it in place.
    const scope = new azuread.ApplicationPermissionScope(`${name}-scope-${plan.scope.id}`, {
      applicationId,
      scopeId: plan.scope.id,
      value: plan.scope.value,
      type: plan.scope.type,
      adminConsentDisplayName: plan.scope.adminConsentDisplayName,
      adminConsentDescription: plan.scope.adminConsentDescription,
      userConsentDisplayName: plan.scope.userConsentDisplayName,
      userConsentDescription: plan.scope.userConsentDescription,
    }, { ...parent, aliases: [{ name: `${name}-scope-${plan.scope.value}` }] });

    for (const client of plan.preAuthorizedApplications) {
      new azuread.ApplicationPreAuthorized(`${name}-preauthorized-${client.appId}`, {
        applicationId,
        authorizedClientId: client.appId,
        // The scope's output, not the constant: the engine then creates the scope first and
        // deletes it last (Graph refuses a pre-authorization naming a scope it lacks).
        permissionIds: client.delegatedPermissionIds.map((id) => (id === plan.scope.id ? scope.scopeId : id)),
      }, parent);
    }

    for (const [field, type] of REDIRECT_TYPES) {
      const later = type === 'Web' ? args.laterWebRedirectUris : undefined;
      if (plan[field].length === 0 && later === undefined) continue;
      new azuread.ApplicationRedirectUris(`${name}-redirect-uris-${type.toLowerCase()}`, {
        applicationId,
        type,
        redirectUris: later === undefined ? [...plan[field]] : pulumi.output(later).apply((uris) => [...new Set([...plan[field], ...uris])]),
      }, parent);
    }

    new azuread.ApplicationFallbackPublicClient(`${name}-fallback-public-client`, {
      applicationId,
      enabled: plan.isFallbackPublicClient,
    }, parent);

    for (const resource of plan.requiredResourceAccess) {
      const ids = (type: 'Scope' | 'Role') => resource.resourceAccess.filter((a) => a.type === type).map((a) => a.id);
      new azuread.ApplicationApiAccess(`${name}-api-access-${resource.resourceAppId}`, {
        applicationId,
        apiClientId: resource.resourceAppId,
        scopeIds: ids('Scope').length > 0 ? ids('Scope') : undefined,
        roleIds: ids('Role').length > 0 ? ids('Role') : undefined,
      }, parent);
    }

    new azuread.ServicePrincipal(`${name}-service-principal`, {
      clientId: app.clientId,
      notes: plan.notes,
      tags: [...plan.servicePrincipalTags],
    }, parent);

    const password = new azuread.ApplicationPassword(`${name}-client-secret`, {
      applicationId,
      displayName: secret.displayName,
      endDate: secret.endDate,
      rotateWhenChanged: { ...secret.rotateWhenChanged },
    }, {
      ...parent,
      replaceOnChanges: [...secret.options.replaceOnChanges],
      deleteBeforeReplace: secret.options.deleteBeforeReplace,
    });

    this.clientId = app.clientId;
    this.objectId = app.objectId;
    this.applicationId = applicationId;
    this.scopeId = scope.scopeId;
    this.identifierUri = uri.identifierUri;
    this.fullScope = app.clientId.apply((clientId) => fullScope(clientId));
    this.clientSecret = pulumi.secret(password.value);
    this.clientSecretEndDate = password.endDate;
    this.registerOutputs({
      clientId: this.clientId,
      objectId: this.objectId,
      identifierUri: this.identifierUri,
      fullScope: this.fullScope,
      clientSecret: this.clientSecret,
      clientSecretEndDate: this.clientSecretEndDate,
    });
  }
}
