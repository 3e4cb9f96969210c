import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadSettings } from './load-settings.ts';
import type { SettingKey } from './settings.ts';

const now = new Date('2026-11-22T10:00:00Z');
const load = (config: Partial<Record<SettingKey, string>>) =>
  loadSettings((key) => ({ secretRotation: '2026-11-22', ...config })[key], { stack: 'dev', now, secretLifetimeDays: 180 });

function failure(config: Partial<Record<SettingKey, string>>): ConfigError {
  try {
    load(config);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSettings', () => {
  it('applies the defaults from the settings table', () => {
    expect(load({})).toEqual({
      stack: 'dev',
      location: 'westeurope',
      image: undefined,
      cpu: 0.5,
      memory: '1Gi',
      minReplicas: 1,
      maxReplicas: 3,
      concurrentRequests: 50,
      logRetentionDays: 30,
      keyVaultRetentionDays: 7,
      secretRotation: '2026-11-22',
      powerPlatform: { enabled: false, connectorRedirectUri: undefined },
    });
  });

  it('reads values as Pulumi stores them (strings) and derives memory from CPU', () => {
    const settings = load({ cpu: '1.25', minReplicas: '0', maxReplicas: '10', image: 'r.azurecr.io/s:2', powerPlatformConnector: 'false' });
    expect(settings).toMatchObject({ cpu: 1.25, memory: '2.5Gi', minReplicas: 0, maxReplicas: 10, image: 'r.azurecr.io/s:2' });
  });

  it.each([
    [{ cpu: '3' }, 'entra-mcp:cpu'],
    [{ cpu: 'half' }, 'entra-mcp:cpu'],
    [{ minReplicas: '1.5' }, 'entra-mcp:minReplicas'],
    [{ minReplicas: '4', maxReplicas: '2' }, 'entra-mcp:minReplicas'],
    [{ maxReplicas: '0' }, 'entra-mcp:maxReplicas'],
    [{ concurrentRequests: '0' }, 'entra-mcp:concurrentRequests'],
    [{ logRetentionDays: '7' }, 'entra-mcp:logRetentionDays'],
    [{ keyVaultRetentionDays: '91' }, 'entra-mcp:keyVaultRetentionDays'],
    [{ location: 'West Europe' }, 'entra-mcp:location'],
    [{ image: 'https://registry/x' }, 'entra-mcp:image'],
    [{ powerPlatformConnector: 'yes' }, 'entra-mcp:powerPlatformConnector'],
  ] as const)('rejects %o naming %s', (config, key) => {
    const error = failure(config);
    expect(error.key).toBe(key);
    expect(error.code).toBe('ERR_PULUMI_CONFIG');
    expect(error.message.startsWith(`${key}: `)).toBe(true);
  });

  it('requires the rotation date and says how to set it', () => {
    const error = failure({ secretRotation: '' });
    expect(error.key).toBe('entra-mcp:secretRotation');
    expect(error.message).toContain('pulumi config set secretRotation $(date -u +%F)');
  });

  it.each(['2026-13-01', '2026-02-30', '22-11-2026', '2026-11-22T00:00:00Z'])('rejects the rotation date %s', (date) => {
    expect(failure({ secretRotation: date }).key).toBe('entra-mcp:secretRotation');
  });

  it('rejects a rotation date whose secret has expired or that lies beyond tomorrow', () => {
    expect(failure({ secretRotation: '2026-05-26' }).message).toContain('already expired');
    expect(failure({ secretRotation: '2026-11-24' }).message).toContain('in the future');
    expect(load({ secretRotation: '2026-05-27' }).secretRotation).toBe('2026-05-27');
    expect(load({ secretRotation: '2026-11-23' }).secretRotation).toBe('2026-11-23');
  });

  it('requires a connector redirect URI on a consent.azure-apim.net host when the connector is on', () => {
    expect(failure({ powerPlatformConnector: 'true' }).key).toBe('entra-mcp:powerPlatformConnectorRedirectUri');
    expect(failure({ powerPlatformConnector: 'true', powerPlatformConnectorRedirectUri: 'https://evil.example/redirect/x' }).key)
      .toBe('entra-mcp:powerPlatformConnectorRedirectUri');
    expect(failure({ powerPlatformConnector: 'true', powerPlatformConnectorRedirectUri: 'http://global.consent.azure-apim.net/redirect/x' }).key)
      .toBe('entra-mcp:powerPlatformConnectorRedirectUri');
    const uri = 'https://global.consent.azure-apim.net/redirect/mcp-5f3a';
    expect(load({ powerPlatformConnector: 'true', powerPlatformConnectorRedirectUri: uri }).powerPlatform).toEqual({ enabled: true, connectorRedirectUri: uri });
    expect(load({ powerPlatformConnectorRedirectUri: uri }).powerPlatform).toEqual({ enabled: false, connectorRedirectUri: undefined });
  });

  it('reads proxy mode: off by default, the managed identity and generation 1 when on, each value checked', () => {
    expect(load({}).proxy).toBeUndefined();
    expect(load({ authMode: 'proxy' }).proxy).toEqual({ credential: 'managedIdentity', keysGeneration: 1 });
    expect(load({ authMode: 'proxy', proxyCredential: 'secret', proxyKeysGeneration: '3' }).proxy).toEqual({ credential: 'secret', keysGeneration: 3 });
    expect(load({ proxyCredential: 'secret' }).proxy).toBeUndefined();
    expect(failure({ authMode: 'both' }).message).toBe('entra-mcp:authMode: expected direct or proxy, got "both"');
    expect(failure({ authMode: 'proxy', proxyKeysGeneration: '1.5' }).message).toMatch(/^entra-mcp:proxyKeysGeneration: expected an integer/);
  });
});
