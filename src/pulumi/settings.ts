/**
 * Every setting of the Pulumi program, with its type, default and meaning, in one table.
 *
 * `Pulumi.yaml` declares the same keys as its config schema (the real engine applies those
 * defaults); `pulumi-yaml.test.ts` keeps the two identical, so a default lives in one
 * reviewed place even though it is written twice. {@link loadSettings} reads and checks them.
 */

/** The Pulumi project name: config keys are `entra-mcp:<key>`. */
export const PROJECT = 'entra-mcp';

/** How a setting is typed in the `Pulumi.yaml` config schema. */
export type SettingType = 'string' | 'integer' | 'boolean';

/** One row of the settings table. */
export interface SettingSpec {
  readonly type: SettingType;
  readonly default: string | number | boolean;
  readonly description: string;
}

/** The settings table; the keys are the config keys without the project prefix. */
export const SETTINGS = {
  location: {
    type: 'string',
    default: 'westeurope',
    description: 'Azure region for every Azure resource (must offer Container Apps).',
  },
  image: {
    type: 'string',
    default: '',
    description:
      'Prebuilt server image reference. Empty (the default): pulumi up builds server/Dockerfile for linux/amd64, pushes it to the stack registry tagged by a hash of the server sources, and runs it (needs a Docker engine on the deploying machine).',
  },
  cpu: {
    type: 'string',
    default: '0.5',
    description: 'vCPU per replica: 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75 or 2 (memory is twice this in GiB).',
  },
  minReplicas: {
    type: 'integer',
    default: 1,
    description: 'Minimum replicas; 0 scales to zero (cheaper, but the first request after idling waits for a cold start).',
  },
  maxReplicas: {
    type: 'integer',
    default: 3,
    description: 'Maximum replicas (1-30).',
  },
  concurrentRequests: {
    type: 'integer',
    default: 50,
    description: 'Concurrent HTTP requests per replica before the HTTP scale rule adds one.',
  },
  logRetentionDays: {
    type: 'integer',
    default: 30,
    description: 'Log Analytics retention in days (30-730).',
  },
  keyVaultRetentionDays: {
    type: 'integer',
    default: 7,
    description: 'Days a destroyed Key Vault stays soft-deleted before Azure purges it (7-90). Fixed when the vault is created: a later change is ignored.',
  },
  secretRotation: {
    type: 'string',
    default: '',
    description:
      'Issue date (YYYY-MM-DD, UTC) of the client secret; the secret ends lifetimeDays later. Change it to rotate (new secret first, old one deleted after). Required.',
  },
  powerPlatformConnector: {
    type: 'boolean',
    default: false,
    description: 'Add the Web redirect URIs a Power Platform custom connector (Copilot Studio, Power Automate) needs.',
  },
  powerPlatformConnectorRedirectUri: {
    type: 'string',
    default: '',
    description:
      'The connector-specific redirect URI the connector page shows after saving (https://*.consent.azure-apim.net/redirect/...). Required when powerPlatformConnector is true.',
  },
  customDomain: {
    type: 'string',
    default: '',
    description:
      "The MCP server's own host name (e.g. mcp.contoso.com), on a domain verified in the tenant: the Container App serves it with a managed certificate and the MCP URL becomes an identifier URI of the registration (what clients sending resource need). Empty: the Container Apps default domain.",
  },
  customDomainCertificate: {
    type: 'boolean',
    default: false,
    description: 'Set to true once the DNS records of the customDomainDnsRecords output exist: then the managed certificate is issued and the host name bound. False: only the DNS records to create are output.',
  },
  authMode: {
    type: 'string',
    default: 'direct',
    description:
      "direct: the server accepts Entra's tokens only. proxy: the server is also the OAuth authorization server MCP clients register with (docs/proxy-mode.md); its callback goes on the registration as a Web redirect URI and its keys into Key Vault.",
  },
  proxyCredential: {
    type: 'string',
    default: 'managedIdentity',
    description:
      "How the proxy redeems Entra's codes. managedIdentity: a federated credential on the registration trusts the server's managed identity (no secret). secret: the client secret, read from Key Vault.",
  },
  proxyKeysGeneration: {
    type: 'integer',
    default: 1,
    description: "Proxy mode's signing, cookie and encryption keys. Raise it by one to rotate: new keys sign and seal, the previous generation's still verify and open (live tokens survive); two raises drop it.",
  },
} as const satisfies Record<string, SettingSpec>;

/** A config key of this project, without the prefix. */
export type SettingKey = keyof typeof SETTINGS;

/** The settings once read and checked. */
export interface Settings {
  readonly stack: string;
  readonly location: string;
  /** `undefined`: `pulumi up` builds the server image itself (see `buildServerImage`). */
  readonly image: string | undefined;
  readonly cpu: number;
  /** Memory as Container Apps spells it, e.g. `1Gi`. */
  readonly memory: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly concurrentRequests: number;
  readonly logRetentionDays: number;
  readonly keyVaultRetentionDays: number;
  /** `YYYY-MM-DD`. */
  readonly secretRotation: string;
  readonly powerPlatform: { readonly enabled: boolean; readonly connectorRedirectUri: string | undefined };
  /** The custom host name, and whether its certificate and binding are to be made (DNS records exist). */
  readonly customDomain: { readonly hostName: string; readonly bind: boolean } | undefined;
  /** `undefined`: direct mode. Proxy mode: its credential and the generation of its keys. */
  readonly proxy: ProxySettings | undefined;
}

/** Proxy mode's settings (`authMode: proxy`). */
export interface ProxySettings {
  readonly credential: 'managedIdentity' | 'secret';
  /** The current keys' generation (1 or more); the previous one stays published beside it. */
  readonly keysGeneration: number;
}
