import * as pulumi from '@pulumi/pulumi';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { program } from './program.ts';
import type { StackOutputs } from './stack-outputs.ts';
import { MOCK, mockCloud, settle, valueOf } from './testing/mock-cloud.ts';

const now = new Date('2026-11-22T10:00:00Z');
const origin = `https://mcp-dev.${MOCK.defaultDomain}`;

function configure(values: Record<string, string>): void {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`entra-mcp:${k}`, v])));
}

async function resolve(outputs: StackOutputs): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(outputs).map(async ([k, v]) => [k, await valueOf(v as pulumi.Output<string>)] as const));
  return Object.fromEntries(entries);
}

// The program runs in an empty directory, so any file it wrote (a `.env` above all) shows.
let cwd: string;
let before: string;
beforeEach(async () => {
  before = process.cwd();
  cwd = await mkdtemp(join(tmpdir(), 'entra-mcp-program-'));
  process.chdir(cwd);
});
afterEach(() => {
  process.chdir(before);
  pulumi.runtime.setAllConfig({});
});

describe('the Pulumi program', () => {
  it('publishes the outputs the scripts and the README rely on; only the client secret is secret', async () => {
    await mockCloud();
    configure({ secretRotation: '2026-11-01', image: 'example.azurecr.io/entra-mcp-server:1.0' });
    const outputs = program({ now });
    const values = await resolve(outputs);
    await settle();
    expect(values).toMatchObject({
      tenantId: MOCK.tenantId,
      clientId: 'client-id-of-entra',
      applicationObjectId: 'object-id-of-entra',
      identifierUri: 'api://client-id-of-entra',
      fullScope: 'api://client-id-of-entra/access_as_user',
      serverUrl: origin,
      mcpUrl: `${origin}/mcp`,
      metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
      clientSecret: MOCK.secretValue,
      clientSecretEndDate: '2027-04-30T00:00:00Z',
      containerAppName: 'mcp-dev',
      serverDeployed: 'true',
    });
    expect(values.keyVaultName).toMatch(/^kv-entramcp-/);
    for (const [name, output] of Object.entries(outputs)) {
      expect([name, await pulumi.isSecret(output as pulumi.Output<string>)]).toEqual([name, name === 'clientSecret']);
    }
  });

  it('stops on bad config before registering any resource, naming the key', async () => {
    const registered = await mockCloud();
    configure({ secretRotation: '2026-11-01', maxReplicas: 'many' });
    expect(() => program({ now })).toThrow(ConfigError);
    expect(() => program({ now })).toThrow(/^entra-mcp:maxReplicas: expected an integer/);
    await settle();
    expect(registered).toEqual([]);
  });

  it.each([true, false])('writes no file, .env included, when preview is %s', async (preview) => {
    const registered = await mockCloud({ preview });
    configure({ secretRotation: '2026-11-01', image: 'example.azurecr.io/entra-mcp-server:1.0' });
    program({ now });
    await settle();
    expect(registered.length).toBeGreaterThan(20);
    expect(await readdir(cwd)).toEqual([]);
  });
});
