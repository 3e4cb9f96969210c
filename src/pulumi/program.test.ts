import * as pulumi from '@pulumi/pulumi';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fullScope, identifierUri } from '../registration/app-registration.ts';
import { ConfigError } from './config-error.ts';
import type { ExchangeAcrTokenArgs } from './image/exchange-acr-token.ts';
import { program } from './program.ts';
import type { StackOutputs } from './stack-outputs.ts';
import { MOCK, mockCloud, settle, valueOf, type Registered } from './testing/mock-cloud.ts';

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
      identifierUri: identifierUri('client-id-of-entra'),
      fullScope: fullScope('client-id-of-entra'),
      serverUrl: origin,
      mcpUrl: `${origin}/mcp`,
      metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
      clientSecret: MOCK.secretValue,
      clientSecretEndDate: '2027-04-30T00:00:00Z',
      containerAppName: 'mcp-dev',
      image: 'example.azurecr.io/entra-mcp-server:1.0',
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

const IMAGE = 'docker-build:index:Image';
const APP = 'azure-native:app:ContainerApp';
const exchangeAcrToken = async (_: ExchangeAcrTokenArgs) => 'acr-refresh-token';

/** A checkout holding only what the image is built from. */
async function checkout(main: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'entra-mcp-sources-'));
  await mkdir(join(root, 'server/src'), { recursive: true });
  await writeFile(join(root, 'server/Dockerfile'), 'FROM scratch\n');
  for (const file of ['package.json', 'package-lock.json', 'server/package.json']) await writeFile(join(root, file), '{}\n');
  await writeFile(join(root, 'server/src/main.ts'), main);
  await writeFile(join(root, 'server/src/main.test.ts'), '// not in the image\n');
  return root;
}

/** One `pulumi up` of the default stack settings (no image), under mocks. */
async function up(root?: string): Promise<{ registered: Registered[]; image: string }> {
  const registered = await mockCloud();
  configure({ secretRotation: '2026-11-01' });
  const outputs = program({ now, exchangeAcrToken, ...(root === undefined ? {} : { root }) });
  const image = await valueOf(outputs.image);
  await settle();
  return { registered, image };
}

const inputsOf = (registered: Registered[], type: string) => registered.filter((r) => r.type === type).map((r) => r.inputs);

describe('the Pulumi program with the default settings (no image)', () => {
  it('builds the server image and creates the Container App running it in the same update, build first', async () => {
    const { registered, image } = await up();
    const [build] = inputsOf(registered, IMAGE);
    const [app] = inputsOf(registered, APP);
    expect(build?.tags).toEqual([expect.stringMatching(/^entramcp[0-9a-f]{12}\.azurecr\.io\/entra-mcp-server:src-[0-9a-f]{16}$/)]);
    expect(app?.template.containers[0].image).toBe(image);
    expect(image).toMatch(new RegExp(`^${build?.tags[0]}@sha256:[0-9a-f]{64}$`));
    expect(registered.findIndex((r) => r.type === APP)).toBeGreaterThan(registered.findIndex((r) => r.type === IMAGE));
  });

  it('changes nothing on a second run with the same sources', async () => {
    const first = await up();
    const second = await up();
    expect(inputsOf(second.registered, IMAGE)).toEqual(inputsOf(first.registered, IMAGE));
    expect(inputsOf(second.registered, APP)).toEqual(inputsOf(first.registered, APP));
  });

  it('tags a changed server anew (a new revision), and ignores a changed test file', async () => {
    const root = await checkout('console.log(1);\n');
    const before = await up(root);
    await writeFile(join(root, 'server/src/main.test.ts'), '// edited\n');
    expect((await up(root)).image).toBe(before.image);
    await writeFile(join(root, 'server/src/main.ts'), 'console.log(2);\n');
    const after = await up(root);
    expect(after.image).not.toBe(before.image);
    expect(inputsOf(after.registered, IMAGE)[0]?.tags).not.toEqual(inputsOf(before.registered, IMAGE)[0]?.tags);
  });
});
