import { ConfigError } from './config-error.ts';
import { PROJECT, SETTINGS, type SettingKey, type Settings } from './settings.ts';
import { isPowerPlatformConnectorRedirectUri, POWER_PLATFORM_CONNECTOR_REDIRECT_URI_FORM } from '../registration/graph-shape.ts';

/** Reads one raw config value (a string, as Pulumi stores it) or `undefined` when unset. */
export type ConfigReader = (key: SettingKey) => string | undefined;

/** What `loadSettings` needs besides the config values. */
export interface LoadSettingsOptions {
  readonly stack: string;
  /** The clock, so tests fix the date and the secret's end date can be checked. */
  readonly now: Date;
  /** The client secret lifetime from the one description of the registration. */
  readonly secretLifetimeDays: number;
}

// Container Apps consumption profile: fixed vCPU steps, memory twice the vCPU in GiB.
const CPU_STEPS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
const DAY_MS = 86_400_000;

function fail(key: SettingKey, problem: string): never {
  throw new ConfigError(`${PROJECT}:${key}`, problem);
}

function raw(read: ConfigReader, key: SettingKey): string {
  return (read(key) ?? String(SETTINGS[key].default)).trim();
}

function integer(read: ConfigReader, key: SettingKey, min: number, max: number): number {
  const text = raw(read, key);
  if (!/^-?\d+$/.test(text)) fail(key, `expected an integer, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) fail(key, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(read: ConfigReader, key: SettingKey): boolean {
  const text = raw(read, key);
  if (text !== 'true' && text !== 'false') fail(key, `expected true or false, got ${JSON.stringify(text)}`);
  return text === 'true';
}

/** `YYYY-MM-DD` to midnight UTC, or `undefined` when it is not a real calendar date. */
export function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : date;
}

function rotation(read: ConfigReader, options: LoadSettingsOptions): string {
  const key = 'secretRotation';
  const text = raw(read, key);
  const hint = `set it to today's date: pulumi config set ${key} $(date -u +%F)`;
  if (text === '') fail(key, `is required; ${hint}`);
  const day = parseDay(text);
  if (!day) fail(key, `expected a date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  // A date after tomorrow would give the secret more than its lifetime from now.
  if (day.getTime() > options.now.getTime() + DAY_MS) fail(key, `${text} is in the future; ${hint}`);
  const end = day.getTime() + options.secretLifetimeDays * DAY_MS;
  if (end <= options.now.getTime()) fail(key, `a secret issued on ${text} has already expired; ${hint}`);
  return text;
}

function connectorRedirectUri(read: ConfigReader, enabled: boolean): string | undefined {
  const key = 'powerPlatformConnectorRedirectUri';
  const text = raw(read, key);
  if (!enabled) return undefined;
  if (text === '') fail(key, 'is required when powerPlatformConnector is true (copy it from the connector\'s Security tab)');
  if (!isPowerPlatformConnectorRedirectUri(text)) fail(key, `expected ${POWER_PLATFORM_CONNECTOR_REDIRECT_URI_FORM}, got ${JSON.stringify(text)}`);
  return text;
}

function customDomain(read: ConfigReader): Settings['customDomain'] {
  const hostName = raw(read, 'customDomain').toLowerCase();
  const bind = boolean(read, 'customDomainCertificate');
  if (hostName === '') {
    if (bind) fail('customDomainCertificate', 'is true but customDomain is empty: set customDomain to the host name first');
    return undefined;
  }
  // A DNS host name of at least three labels: an apex domain cannot carry the CNAME Container Apps validate with.
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.){2,}[a-z]{2,63}$/.test(hostName)) {
    fail('customDomain', `expected a host name like mcp.contoso.com (no scheme, no path, not an apex domain), got ${JSON.stringify(hostName)}`);
  }
  return { hostName, bind };
}

function proxy(read: ConfigReader): Settings['proxy'] {
  const mode = raw(read, 'authMode');
  if (mode !== 'direct' && mode !== 'proxy') fail('authMode', `expected direct or proxy, got ${JSON.stringify(mode)}`);
  const credential = raw(read, 'proxyCredential');
  if (credential !== 'managedIdentity' && credential !== 'secret') fail('proxyCredential', `expected managedIdentity or secret, got ${JSON.stringify(credential)}`);
  const keysGeneration = integer(read, 'proxyKeysGeneration', 1, 10_000);
  return mode === 'proxy' ? { credential, keysGeneration } : undefined;
}

/**
 * Reads every setting, applies the defaults and checks them, so bad values stop the
 * program before any resource is registered; the error names the full config key.
 *
 * @example
 * const settings = loadSettings((key) => config.get(key), { stack: 'dev', now: new Date(), secretLifetimeDays: 180 });
 */
export function loadSettings(read: ConfigReader, options: LoadSettingsOptions): Settings {
  const location = raw(read, 'location');
  if (!/^[a-z0-9]+$/.test(location)) fail('location', `expected an Azure region name like westeurope, got ${JSON.stringify(location)}`);

  const image = raw(read, 'image');
  if (/\s|:\/\//.test(image)) fail('image', `expected an image reference like myregistry.azurecr.io/entra-mcp-server:1.0, got ${JSON.stringify(image)}`);

  const cpuText = raw(read, 'cpu');
  const cpu = Number(cpuText);
  if (cpuText === '' || !CPU_STEPS.includes(cpu)) fail('cpu', `must be one of ${CPU_STEPS.join(', ')}, got ${JSON.stringify(cpuText)}`);

  const minReplicas = integer(read, 'minReplicas', 0, 30);
  const maxReplicas = integer(read, 'maxReplicas', 1, 30);
  if (minReplicas > maxReplicas) fail('minReplicas', `(${minReplicas}) must not exceed maxReplicas (${maxReplicas})`);

  const enabled = boolean(read, 'powerPlatformConnector');
  return {
    stack: options.stack,
    location,
    image: image === '' ? undefined : image,
    cpu,
    memory: `${cpu * 2}Gi`,
    minReplicas,
    maxReplicas,
    concurrentRequests: integer(read, 'concurrentRequests', 1, 1000),
    logRetentionDays: integer(read, 'logRetentionDays', 30, 730),
    keyVaultRetentionDays: integer(read, 'keyVaultRetentionDays', 7, 90),
    secretRotation: rotation(read, options),
    powerPlatform: { enabled, connectorRedirectUri: connectorRedirectUri(read, enabled) },
    customDomain: customDomain(read),
    proxy: proxy(read),
  };
}
