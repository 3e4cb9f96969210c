import { describe, expect, it } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { keyVaultName, registryName } from './azure-names.ts';
import { PROBE_LIMITS, containerAppName, planContainerApp, publicUrl, serverEnvironment, serverUrls } from './plan-container-app.ts';

describe('containerAppName', () => {
  it.each([
    ['dev', 'mcp-dev'],
    ['Prod_EU', 'mcp-prod-eu'],
    ['--x--', 'mcp-x'],
    ['a'.repeat(40), `mcp-${'a'.repeat(28)}`],
    ['abcdefghijklmnopqrstuvwxyza-12', 'mcp-abcdefghijklmnopqrstuvwxyza'],
    ['___', 'mcp-server'],
  ])('%s -> %s, a valid Container App name', (stack, name) => {
    expect(containerAppName(stack)).toBe(name);
    expect(name).toMatch(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
    expect(name).not.toContain('--');
  });
});

describe('server URLs', () => {
  it('derive from the app name and the environment default domain', () => {
    const origin = publicUrl('mcp-dev', 'happy-sea.westeurope.azurecontainerapps.io');
    expect(origin).toBe('https://mcp-dev.happy-sea.westeurope.azurecontainerapps.io');
    expect(serverUrls(origin)).toEqual({
      serverUrl: origin,
      mcpUrl: `${origin}/mcp`,
      metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
    });
  });
});

describe('serverEnvironment', () => {
  const values = { tenantId: 't', clientId: 'c', publicUrl: 'https://x', port: '8000', host: '0.0.0.0' };

  it('passes the server contract, with the required scope from the one description and no secret', () => {
    expect(serverEnvironment(values)).toEqual([
      { name: 'AZURE_TENANT_ID', value: 't' },
      { name: 'AZURE_CLIENT_ID', value: 'c' },
      { name: 'MCP_PUBLIC_URL', value: 'https://x' },
      { name: 'PORT', value: '8000' },
      { name: 'HOST', value: '0.0.0.0' },
      { name: 'REQUIRED_SCOPE', value: appRegistration.scope.value },
    ]);
  });

  it('follows a renamed scope, so the server never demands a scope the registration lacks', () => {
    const renamed = { ...appRegistration, scope: { ...appRegistration.scope, value: 'tools.call' } };
    expect(serverEnvironment(values, renamed).find((e) => e.name === 'REQUIRED_SCOPE')).toEqual({ name: 'REQUIRED_SCOPE', value: 'tools.call' });
  });
});

describe('planContainerApp', () => {
  it('sizes and scales from the settings', () => {
    const plan = planContainerApp({ cpu: 0.25, memory: '0.5Gi', minReplicas: 0, maxReplicas: 2, concurrentRequests: 10 });
    expect(plan.resources).toEqual({ cpu: 0.25, memory: '0.5Gi' });
    expect(plan.scale).toEqual({ minReplicas: 0, maxReplicas: 2, rules: [{ name: 'http-concurrency', http: { metadata: { concurrentRequests: '10' } } }] });
    expect(plan.ingress.allowInsecure).toBe(false);
  });
});

describe('globally unique names', () => {
  it('fit the registry and Key Vault naming rules and change with the resource group', () => {
    for (const group of ['server-rg1a2b3c4d', 'server-rg9z8y7x6w']) {
      expect(registryName(group)).toMatch(/^[a-z0-9]{5,50}$/);
      expect(keyVaultName(group)).toMatch(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/);
    }
    expect(registryName('server-rg1a2b3c4d')).not.toBe(registryName('server-rg9z8y7x6w'));
    expect(keyVaultName('server-rg1a2b3c4d')).not.toBe(keyVaultName('server-rg9z8y7x6w'));
  });
});

describe('planContainerApp probes', () => {
  it('stay within what Container Apps accept (failureThreshold 1-10, periodSeconds 1-240, initialDelaySeconds 1-60)', () => {
    const plan = planContainerApp({ cpu: 0.5, memory: '1Gi', minReplicas: 1, maxReplicas: 3, concurrentRequests: 50 });
    expect(PROBE_LIMITS).toEqual({
      failureThreshold: { min: 1, max: 10 }, periodSeconds: { min: 1, max: 240 }, initialDelaySeconds: { min: 1, max: 60 },
    });
    for (const probe of plan.probes) {
      for (const [field, { min, max }] of Object.entries(PROBE_LIMITS)) {
        const value = (probe as Record<string, unknown>)[field];
        if (value === undefined) continue;
        expect(value, `${probe.type}.${field}`).toBeGreaterThanOrEqual(min);
        expect(value, `${probe.type}.${field}`).toBeLessThanOrEqual(max);
      }
    }
    // The startup window the comment promises: about a minute before liveness takes over.
    const startup = plan.probes.find((p) => p.type === 'Startup');
    expect((startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0)).toBe(60);
  });
});
