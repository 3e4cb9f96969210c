import { appRegistration, type AppRegistrationDescription } from '../registration/app-registration.ts';
import type { Settings } from './settings.ts';

/** The port the server's image listens on (0.0.0.0:8000, set in its Dockerfile). */
export const SERVER_PORT = 8000;
/** The Key Vault secret's name. */
export const KEY_VAULT_SECRET_NAME = 'entra-mcp-client-secret';

/**
 * The Container App's name for a stack: lowercase letters, digits and single hyphens,
 * starting with a letter, at most 32 characters (Container Apps' rule). Fixed per stack, so
 * the public URL is known before the app exists.
 */
export function containerAppName(stack: string): string {
  const slug = stack.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `mcp-${slug}`.slice(0, 32).replace(/-+$/, '');
  return name === 'mcp' ? 'mcp-server' : name;
}

/** The public origin of the server: Container Apps serve `https://{app}.{environment default domain}`. */
export function publicUrl(appName: string, environmentDefaultDomain: string): string {
  return `https://${appName}.${environmentDefaultDomain}`;
}

/** The server's URLs under its public origin: MCP at `/mcp`, RFC 9728 metadata beside it. */
export function serverUrls(origin: string): { serverUrl: string; mcpUrl: string; metadataUrl: string } {
  return {
    serverUrl: origin,
    mcpUrl: `${origin}/mcp`,
    metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
  };
}

/** One container environment variable: a plain value (the server is handed no secret). */
export interface EnvVar<T> { readonly name: string; readonly value: T }

/**
 * The server's environment (README: server configuration). Generic in the value type so
 * the component can pass Pulumi outputs and tests plain strings. No `AZURE_CLIENT_SECRET`:
 * the server verifies tokens with the tenant's public keys and never reads one, so a secret
 * here would only widen what a compromised container could leak. `REQUIRED_SCOPE` comes from
 * the one description, so renaming the scope there cannot leave the server answering 403.
 */
export function serverEnvironment<T>(
  values: { tenantId: T; clientId: T; publicUrl: T; port: T; host: T },
  description: AppRegistrationDescription = appRegistration,
  options: { readonly resourceIsIdentifierUri?: boolean } = {},
): EnvVar<T | string>[] {
  return [
    // The custom domain's MCP URL is an identifier URI: the server names its scope under it.
    ...(options.resourceIsIdentifierUri === true ? [{ name: 'MCP_RESOURCE_IS_IDENTIFIER_URI', value: 'true' }] : []),
    { name: 'AZURE_TENANT_ID', value: values.tenantId },
    { name: 'AZURE_CLIENT_ID', value: values.clientId },
    { name: 'MCP_PUBLIC_URL', value: values.publicUrl },
    { name: 'PORT', value: values.port },
    { name: 'HOST', value: values.host },
    { name: 'REQUIRED_SCOPE', value: description.scope.value },
  ];
}

/**
 * What Container Apps accept for a probe (azure-native `ContainerAppProbeArgs`, API
 * 2025-02-02-preview): the resource provider refuses the whole app when one is outside.
 */
export const PROBE_LIMITS = {
  failureThreshold: { min: 1, max: 10 },
  periodSeconds: { min: 1, max: 240 },
  initialDelaySeconds: { min: 1, max: 60 },
} as const;

/** The static part of the Container App: ingress, probes, size and scaling. */
export interface ContainerAppPlan {
  readonly activeRevisionsMode: 'Single';
  readonly ingress: {
    readonly external: true;
    readonly allowInsecure: false;
    readonly targetPort: number;
    readonly transport: 'auto';
    readonly stickySessions: { readonly affinity: 'none' };
  };
  readonly probes: readonly {
    readonly type: 'Liveness' | 'Readiness' | 'Startup';
    readonly httpGet: { readonly path: string; readonly port: number; readonly scheme: 'HTTP' };
    readonly periodSeconds: number;
    readonly failureThreshold: number;
    readonly initialDelaySeconds?: number;
  }[];
  readonly resources: { readonly cpu: number; readonly memory: string };
  readonly scale: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly rules: readonly { readonly name: string; readonly http: { readonly metadata: { readonly concurrentRequests: string } } }[];
  };
}

/**
 * Pure: the Container App's ingress, probes, size and scaling for the settings.
 *
 * @example
 * planContainerApp(settings).ingress.allowInsecure; // false: http is redirected to https
 */
export function planContainerApp(settings: Pick<Settings, 'cpu' | 'memory' | 'minReplicas' | 'maxReplicas' | 'concurrentRequests'>): ContainerAppPlan {
  const httpGet = (path: string) => ({ path, port: SERVER_PORT, scheme: 'HTTP' as const });
  return {
    // One revision at a time: an update replaces the server rather than splitting traffic.
    activeRevisionsMode: 'Single',
    ingress: {
      external: true,
      allowInsecure: false,
      targetPort: SERVER_PORT,
      transport: 'auto',
      // The server is stateless (no MCP sessions; every request carries its token), so any
      // replica can answer any request and no affinity is needed.
      stickySessions: { affinity: 'none' },
    },
    probes: [
      // Startup gives the process up to 60 s to bind before liveness can restart it: 10 x 6 s,
      // since Container Apps refuse a failureThreshold above 10 (see PROBE_LIMITS).
      { type: 'Startup', httpGet: httpGet('/healthz'), periodSeconds: 6, failureThreshold: 10, initialDelaySeconds: 1 },
      { type: 'Liveness', httpGet: httpGet('/healthz'), periodSeconds: 10, failureThreshold: 3 },
      // Ready once it can verify tokens (signing keys fetched), so traffic never meets a cold verifier.
      { type: 'Readiness', httpGet: httpGet('/readyz'), periodSeconds: 5, failureThreshold: 3 },
    ],
    resources: { cpu: settings.cpu, memory: settings.memory },
    scale: {
      minReplicas: settings.minReplicas,
      maxReplicas: settings.maxReplicas,
      rules: [{ name: 'http-concurrency', http: { metadata: { concurrentRequests: String(settings.concurrentRequests) } } }],
    },
  };
}
