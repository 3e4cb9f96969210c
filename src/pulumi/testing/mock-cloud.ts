import * as pulumi from '@pulumi/pulumi';
import { createHash } from 'node:crypto';
import { PROJECT } from '../settings.ts';

/** One resource as the mocked engine saw it register, in registration order. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

/** The fixed values the mocked cloud answers with, for assertions. */
export const MOCK = {
  subscriptionId: '00000000-0000-0000-0000-0000000000aa',
  tenantId: '11111111-1111-1111-1111-111111111111',
  defaultDomain: 'happy-sea-123.westeurope.azurecontainerapps.io',
  secretValue: 'mock~secret~value',
  identityPrincipalId: 'identity-principal-id',
  armToken: 'arm-access-token-of-the-deployer',
  customDomainVerificationId: 'MOCK0VERIFICATION0ID',
  redisKey: 'redis/access+key=',
} as const;

/** The digest the mocked build reports: a function of the image's tags, as a rebuild of the same sources would push. */
export function mockDigest(tags: readonly string[]): string {
  return `sha256:${createHash('sha256').update(tags.join(',')).digest('hex')}`;
}

/** The bytes the mocked `random.RandomBytes` of a logical name holds: fixed per name, as in a stack's state. */
export function mockRandomBytes(name: string): Buffer {
  return createHash('sha256').update(`random bytes of ${name}`).digest();
}

// Key Vault gives every value its own version: a changed value, a changed versioned URI.
function mockSecretVersion(properties: unknown): string {
  return createHash('sha256').update(JSON.stringify(properties)).digest('hex').slice(0, 32);
}

type Extra = (type: string, name: string, inputs: Record<string, any>) => Record<string, unknown> | undefined;

// What Azure and Entra would hand back, in the shape the providers report it: enough for
// the program's outputs to resolve, never more.
function cloudOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (type) {
    case 'azuread:index/applicationRegistration:ApplicationRegistration':
      return { clientId: `client-id-of-${name}`, objectId: `object-id-of-${name}` };
    case 'azuread:index/applicationPassword:ApplicationPassword':
      return { value: MOCK.secretValue, keyId: `key-of-${name}` };
    case 'azure-native:resources:ResourceGroup':
      return { name: `${name}1a2b3c4d` };
    case 'azure-native:operationalinsights:Workspace':
      return { name: `${name}5e6f`, customerId: 'workspace-customer-id' };
    case 'azure-native:app:ManagedEnvironment':
      return { name: `${name}7a8b`, defaultDomain: MOCK.defaultDomain, customDomainConfiguration: { customDomainVerificationId: MOCK.customDomainVerificationId } };
    case 'azure-native:managedidentity:UserAssignedIdentity':
      return { name, principalId: MOCK.identityPrincipalId, clientId: 'identity-client-id' };
    case 'azure-native:containerregistry:Registry':
      return { name: inputs.registryName, loginServer: `${inputs.registryName}.azurecr.io` };
    case 'azure-native:keyvault:Vault':
      return { name: inputs.vaultName };
    case 'docker-build:index:Image': {
      const tags = (inputs.tags ?? []) as string[];
      return { digest: mockDigest(tags), ref: `${tags[0]}@${mockDigest(tags)}`, contextHash: 'context-hash' };
    }
    case 'azure-native:keyvault:Secret': {
      const secretUri = `https://${inputs.vaultName}.vault.azure.net/secrets/${inputs.secretName}`;
      return { name: inputs.secretName, properties: { secretUri, secretUriWithVersion: `${secretUri}/${mockSecretVersion(inputs.properties)}` } };
    }
    case 'random:index/randomBytes:RandomBytes':
      // What the provider made on the first `pulumi up` and the state hands back on every later one.
      return { base64: mockRandomBytes(name).toString('base64'), hex: mockRandomBytes(name).toString('hex') };
    case 'azure-native:redisenterprise:RedisEnterprise':
      return { name: `${name}9c0d`, hostName: `${name}9c0d.westeurope.redis.azure.net` };
    case 'azure-native:redisenterprise:Database':
      return { name: inputs.databaseName };
    default:
      return {};
  }
}

function cloudId(type: string, name: string, outputs: Record<string, unknown>): string {
  if (type === 'azuread:index/applicationRegistration:ApplicationRegistration') return `/applications/${String(outputs.objectId)}`;
  return `${type}/${name}`;
}

/**
 * Installs Pulumi mocks that record every registered resource and answer the invokes the
 * program makes. `extra` overrides outputs for one test (e.g. a distinctive scope id, to
 * prove a value flowed from a resource's output and not from a constant).
 */
export async function mockCloud(options: { preview?: boolean; stack?: string; extra?: Extra } = {}): Promise<Registered[]> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks({
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      const state = { ...args.inputs, ...cloudOutputs(args.type, args.name, args.inputs), ...options.extra?.(args.type, args.name, args.inputs) };
      return { id: cloudId(args.type, args.name, state), state };
    },
    call(args) {
      switch (args.token) {
        case 'azure-native:authorization:getClientConfig':
          return { subscriptionId: MOCK.subscriptionId, tenantId: MOCK.tenantId, clientId: 'deployer', objectId: 'deployer-object' };
        case 'azuread:index/getClientConfig:getClientConfig':
          return { tenantId: MOCK.tenantId, clientId: 'deployer', objectId: 'deployer-object' };
        case 'azure-native:authorization:getClientToken':
          return { token: MOCK.armToken };
        case 'azure-native:redisenterprise:listDatabaseKeys':
          return { primaryKey: MOCK.redisKey, secondaryKey: 'other' };
        case 'azure-native:operationalinsights:getSharedKeys':
          return { primarySharedKey: 'workspace-shared-key', secondarySharedKey: 'other' };
        default:
          throw new Error(`unexpected invoke ${args.token}`);
      }
    },
  }, PROJECT, options.stack ?? 'dev', options.preview ?? false);
  return registered;
}

/** Waits until every pending registration and invoke has been answered. */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** Resolves an output's value (in tests only: outputs are unknown in a real preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => { resolve(value); return value; }));
}

/** The one registered resource of `type` whose name ends with `suffix` (throws otherwise). */
export function one(registered: readonly Registered[], type: string, suffix = ''): Registered {
  const found = registered.filter((r) => r.type === type && r.name.endsWith(suffix));
  if (found.length !== 1) throw new Error(`expected one ${type}${suffix ? ` ending ${suffix}` : ''}, found ${found.length}`);
  return found[0] as Registered;
}

// How the SDK marks a secret value when it serializes inputs to the engine (and the mocks).
const SECRET_SIG = ['4dabf18193072939515e22adb298388d', '1b47061264138c4ac30d75fd1eb44270'] as const;

/** Splits a registered input into whether it travelled as a secret, and its plain value. */
export function reveal(input: unknown): { secret: boolean; value: any } {
  if (input !== null && typeof input === 'object' && (input as Record<string, unknown>)[SECRET_SIG[0]] === SECRET_SIG[1]) {
    return { secret: true, value: (input as { value: unknown }).value };
  }
  return { secret: false, value: input };
}
