/**
 * What the stack needs from the subscription and the signed-in identity before `pulumi up`
 * creates anything, decided from plain data (the az CLI's answers) so it is tested alone.
 */

/**
 * Resource providers the stack's resources live in (registered once per subscription, at no
 * cost). Microsoft.Cache: Azure Managed Redis, for proxy mode with more than one replica.
 */
export const REQUIRED_PROVIDERS = [
  'Microsoft.App', 'Microsoft.OperationalInsights', 'Microsoft.ContainerRegistry', 'Microsoft.KeyVault', 'Microsoft.ManagedIdentity', 'Microsoft.Cache',
] as const;

/** Built-in roles that may create the resources. */
const CREATE_ROLES = ['Owner', 'Contributor'];
/** Built-in roles that may create the role assignments (AcrPull for the server's identity). */
const ASSIGN_ROLES = ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'];

/** One role assignment as `az role assignment list` prints it. */
export interface RoleAssignment {
  readonly roleDefinitionName: string;
  readonly scope: string;
}

/** One provider as `az provider list` prints it. */
export interface ProviderState {
  readonly namespace: string;
  readonly registrationState: string;
}

/** What the checks found. */
export interface PreflightFacts {
  readonly subscriptionId: string;
  readonly assignments: readonly RoleAssignment[];
  readonly providers: readonly ProviderState[];
  /** Whether `pulumi up` will build the image here (no `image` configured). */
  readonly buildsImage: boolean;
  readonly dockerRuns: boolean;
}

/** The decision: problems stop the deployment; providers to register are registered first. */
export interface PreflightResult {
  readonly problems: string[];
  readonly register: string[];
}

// An assignment counts when its scope contains the subscription: the subscription itself,
// a management group above it, or the root.
function coversSubscription(scope: string, subscriptionId: string): boolean {
  const s = scope.toLowerCase();
  return s === `/subscriptions/${subscriptionId.toLowerCase()}` || s === '/' || s.startsWith('/providers/microsoft.management/managementgroups/');
}

/**
 * Pure: the problems that would make `pulumi up` fail half-way, each with what to do, and
 * the providers to register.
 *
 * @example
 * preflight({ subscriptionId, assignments: [{ roleDefinitionName: 'Owner', scope: `/subscriptions/${subscriptionId}` }], providers, buildsImage: true, dockerRuns: true });
 */
export function preflight(facts: PreflightFacts): PreflightResult {
  const roles = new Set(facts.assignments.filter((a) => coversSubscription(a.scope, facts.subscriptionId)).map((a) => a.roleDefinitionName));
  const problems: string[] = [];
  const where = `on subscription ${facts.subscriptionId}`;
  if (!CREATE_ROLES.some((r) => roles.has(r))) {
    problems.push(`the signed-in identity holds neither Owner nor Contributor ${where}: it cannot create the resources; ask an Owner for Contributor`);
  }
  if (!ASSIGN_ROLES.some((r) => roles.has(r))) {
    problems.push(`the signed-in identity cannot create role assignments ${where} (Owner, User Access Administrator or Role Based Access Control Administrator): the stack grants AcrPull to the server's identity`);
  }
  if (facts.buildsImage && !facts.dockerRuns) {
    problems.push('no Docker engine answers `docker version`: pulumi up builds the server image on this machine; start Docker, or set a prebuilt image (pulumi config set image <ref>)');
  }
  const registered = new Set(facts.providers.filter((p) => p.registrationState === 'Registered').map((p) => p.namespace.toLowerCase()));
  const register = REQUIRED_PROVIDERS.filter((p) => !registered.has(p.toLowerCase()));
  return { problems, register };
}
