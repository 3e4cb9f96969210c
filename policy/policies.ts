/**
 * The CrossGuard policies for entra-mcp stacks (`pulumi up --policy-pack policy`).
 *
 * Self-contained on purpose: Pulumi loads a policy pack through its vendored ts-node,
 * which cannot follow the `.ts` import specifiers the program uses, so nothing here imports
 * from `src/`. src/pulumi/policy-pack.test.ts ties the defaults to the one description.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy } from '@pulumi/policy';

/** The resource types the policies look at. */
export const TYPES = {
  containerApp: 'azure-native:app:ContainerApp',
  registry: 'azure-native:containerregistry:Registry',
  vault: 'azure-native:keyvault:Vault',
  password: 'azuread:index/applicationPassword:ApplicationPassword',
  redisDatabase: 'azure-native:redisenterprise:Database',
} as const;

/** The longest a client secret may live, in days; the description's lifetime (180). */
export const DEFAULT_MAX_SECRET_LIFETIME_DAYS = 180;

const DAY_MS = 86_400_000;
// Names that must never carry a literal value in a container's environment.
// Proxy mode's MCP_PROXY_*_KEYS hold private keys, its MCP_PROXY_REDIS_URL the cache's access key.
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|CONNECTION_STRING|(^|_)KEYS?$|REDIS_URL/i;

type Rule = (props: Record<string, any>, report: ReportViolation) => void;

function on(type: string, rule: Rule): ResourceValidation {
  return (args: ResourceValidationArgs, report: ReportViolation) => {
    if (args.type === type) rule(args.props, report);
  };
}

const httpsOnly: Rule = (props, report) => {
  const ingress = props.configuration?.ingress;
  if (ingress && ingress.allowInsecure === true) report('ingress.allowInsecure must be false: plain http would carry bearer tokens in clear');
};

const containerSecretsFromKeyVault: Rule = (props, report) => {
  const configuration = props.configuration ?? {};
  for (const secret of configuration.secrets ?? []) {
    if (secret.value !== undefined || !secret.keyVaultUrl) report(`secret "${secret.name}" must be a Key Vault reference (keyVaultUrl), not a value`);
  }
  for (const registry of configuration.registries ?? []) {
    if (registry.passwordSecretRef !== undefined || !registry.identity) report(`registry ${registry.server} must be pulled with a managed identity, not a password`);
  }
  for (const container of props.template?.containers ?? []) {
    for (const env of container.env ?? []) {
      if (SECRET_NAME.test(env.name ?? '') && env.value !== undefined) report(`env ${env.name} must use secretRef, not a literal value`);
    }
  }
};

// Behind every proxy token the Entra client is the app itself: the server refuses to start
// in proxy mode with an ALLOWED_CLIENT_APPS that leaves out AZURE_CLIENT_ID (docs/proxy-mode.md).
const proxyAllowsItself: Rule = (props, report) => {
  for (const container of props.template?.containers ?? []) {
    const env = new Map<string, unknown>((container.env ?? []).map((e: { name?: string; value?: unknown }) => [e.name, e.value]));
    const allowed = env.get('ALLOWED_CLIENT_APPS');
    if (env.get('MCP_AUTH_MODE') !== 'proxy' || typeof allowed !== 'string' || allowed.trim() === '') continue;
    const clientId = env.get('AZURE_CLIENT_ID');
    if (!allowed.split(',').map((id) => id.trim()).includes(String(clientId))) report('in proxy mode ALLOWED_CLIENT_APPS must name AZURE_CLIENT_ID (the proxy is the Entra client behind its tokens), or be unset');
  }
};

const redisTlsOnly: Rule = (props, report) => {
  if (props.clientProtocol !== 'Encrypted') report('the Redis database must take TLS only (clientProtocol: Encrypted): it holds sign-ins and their grants');
};

const vaultUsesRbac: Rule = (props, report) => {
  if (props.properties?.enableRbacAuthorization !== true) report('Key Vault must use Azure RBAC (enableRbacAuthorization: true), not access policies');
};

const registryAdminOff: Rule = (props, report) => {
  if (props.adminUserEnabled === true) report('adminUserEnabled must be false: pull with a managed identity and AcrPull');
};

function secretLifetime(now: () => Date): ResourceValidation {
  return (args, report) => {
    if (args.type !== TYPES.password) return;
    const { maxDays } = args.getConfig<{ maxDays: number }>();
    const end = typeof args.props.endDate === 'string' ? Date.parse(args.props.endDate) : Number.NaN;
    if (Number.isNaN(end)) {
      report('the client secret needs a fixed endDate (RFC 3339)');
      return;
    }
    // One day of slack: the rotation date may be "tomorrow" in UTC for someone west of it.
    if (end > now().getTime() + (maxDays + 1) * DAY_MS) report(`the client secret ends ${args.props.endDate}, more than ${maxDays} days from now`);
  };
}

/**
 * The policies, with the clock as an input so tests can fix the date.
 *
 * @example
 * new PolicyPack('entra-mcp', { policies: createPolicies() });
 */
export function createPolicies(now: () => Date = () => new Date()): ResourceValidationPolicy[] {
  return [
    {
      name: 'container-app-https-only',
      description: 'The Container App ingress redirects http to https (allowInsecure is never true).',
      enforcementLevel: 'mandatory',
      validateResource: on(TYPES.containerApp, httpsOnly),
    },
    {
      name: 'secrets-only-through-key-vault',
      description: 'Container App secrets are Key Vault references, registries are pulled with an identity, secret-like env vars use secretRef, and the vault uses RBAC.',
      enforcementLevel: 'mandatory',
      validateResource: [on(TYPES.containerApp, containerSecretsFromKeyVault), on(TYPES.vault, vaultUsesRbac)],
    },
    {
      name: 'client-secret-lifetime-bound',
      description: 'App registration client secrets have a fixed end date within the allowed lifetime.',
      enforcementLevel: 'mandatory',
      configSchema: { properties: { maxDays: { type: 'integer', default: DEFAULT_MAX_SECRET_LIFETIME_DAYS, minimum: 1 } } },
      validateResource: secretLifetime(now),
    },
    {
      name: 'proxy-mode-allows-itself',
      description: 'In proxy mode a non-empty ALLOWED_CLIENT_APPS names AZURE_CLIENT_ID (the server refuses to start otherwise).',
      enforcementLevel: 'mandatory',
      validateResource: on(TYPES.containerApp, proxyAllowsItself),
    },
    {
      name: 'redis-tls-only',
      description: "Proxy mode's Redis database accepts TLS connections only.",
      enforcementLevel: 'mandatory',
      validateResource: on(TYPES.redisDatabase, redisTlsOnly),
    },
    {
      name: 'registry-admin-user-off',
      description: 'The container registry admin user stays disabled.',
      enforcementLevel: 'mandatory',
      validateResource: on(TYPES.registry, registryAdminOff),
    },
  ];
}
