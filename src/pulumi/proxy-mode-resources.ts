import * as pulumi from '@pulumi/pulumi';
import type * as authorization from '@pulumi/azure-native/authorization/index.js';
import type * as keyvault from '@pulumi/azure-native/keyvault/index.js';
import type * as managedidentity from '@pulumi/azure-native/managedidentity/index.js';
import * as redisenterprise from '@pulumi/azure-native/redisenterprise/index.js';
import * as random from '@pulumi/random';
import { AZURE_ROLES } from './azure-roles.ts';
import { vaultSecret } from './key-vault-resources.ts';
import {
  KEY_BYTES, PROXY_CLIENT_SECRET_APP_NAME, PROXY_CLIENT_SECRET_ENV, PROXY_KEY_SECRETS, PROXY_REDIS_SECRET, REDIS_PORT,
  keyGenerations, keyList, needsRedis, proxyPlainEnvironment, redisUrl, signingJwks, type ProxySecret,
} from './plan-proxy-mode.ts';
import type { ProxySettings } from './settings.ts';

/** A Container App secret read from Key Vault with the user-assigned identity. */
export interface KeyVaultAppSecret { readonly name: string; readonly keyVaultUrl: pulumi.Output<string>; readonly identity: pulumi.Output<string> }
/** A container variable: a plain value or a Container App secret's name. */
export type ContainerEnvVar = { readonly name: string; readonly value: pulumi.Input<string> } | { readonly name: string; readonly secretRef: string };

/** What the deployment hands proxy mode. */
export interface ProxyModeArgs {
  readonly proxy: ProxySettings;
  readonly maxReplicas: number;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly location: string;
  readonly vault: keyvault.Vault;
  /** The client secret's vault secret (`proxyCredential: secret` hands it to the server). */
  readonly clientSecret: keyvault.Secret;
  readonly identity: managedidentity.UserAssignedIdentity;
  /** Grants the identity a role on a scope (the deployment's own helper). */
  readonly grant: (logical: string, scope: pulumi.Input<string>, roleId: string) => authorization.RoleAssignment;
}

/** What the Container App gets: variables, Key Vault references, and the grants to wait for. */
export interface ProxyModeParts {
  readonly env: ContainerEnvVar[];
  readonly secrets: KeyVaultAppSecret[];
  readonly grants: authorization.RoleAssignment[];
}

/**
 * Proxy mode's Azure resources, only wiring (decisions in plan-proxy-mode.ts): its keys from
 * `random.RandomBytes` (made once, then read from state: `pulumi up` never changes them
 * unless `proxyKeysGeneration` does), Azure Managed Redis with more than one replica, each
 * value in Key Vault, and the identity's "Key Vault Secrets User" role on each secret it reads
 * and no other (so with a managed identity credential it cannot read the client secret).
 * Container Apps read them by versioned URI: a changed value rolls out a new revision
 * (https://learn.microsoft.com/azure/container-apps/manage-secrets#reference-secret-from-key-vault).
 */
export function proxyModeResources(name: string, args: ProxyModeArgs, opts: pulumi.CustomResourceOptions): ProxyModeParts {
  const { proxy, resourceGroupName, vault, identity } = args;
  const secrets: KeyVaultAppSecret[] = [];
  const grants: authorization.RoleAssignment[] = [];
  const env: ContainerEnvVar[] = proxyPlainEnvironment<pulumi.Input<string>>(proxy, identity.clientId);
  const read = (logical: string, secret: keyvault.Secret, appName: string, envName: string) => {
    grants.push(args.grant(`${logical}-reader`, secret.id, AZURE_ROLES.keyVaultSecretsUser));
    secrets.push({ name: appName, keyVaultUrl: secret.properties.apply((p) => p.secretUriWithVersion), identity: identity.id });
    env.push({ name: envName, secretRef: appName });
  };
  const store = (spec: ProxySecret, value: pulumi.Output<string>) => {
    const logical = `${name}-${spec.appName}`;
    read(logical, vaultSecret(logical, { resourceGroupName, vaultName: vault.name, secretName: spec.vaultName, value }, opts), spec.appName, spec.env);
  };

  if (proxy.credential === 'secret') read(`${name}-${PROXY_CLIENT_SECRET_APP_NAME}`, args.clientSecret, PROXY_CLIENT_SECRET_APP_NAME, PROXY_CLIENT_SECRET_ENV);

  // Named by generation: raising it adds the new one and keeps the previous one's bytes.
  const bytes = (kind: string) => keyGenerations(proxy.keysGeneration).map((generation) =>
    new random.RandomBytes(`${name}-proxy-${kind}-key-g${generation}`, { length: KEY_BYTES }, opts).base64);
  store(PROXY_KEY_SECRETS.signing, pulumi.secret(pulumi.all(bytes('signing')).apply(signingJwks)));
  store(PROXY_KEY_SECRETS.cookie, pulumi.secret(pulumi.all(bytes('cookie')).apply(keyList)));
  store(PROXY_KEY_SECRETS.encryption, pulumi.secret(pulumi.all(bytes('encryption')).apply(keyList)));

  if (needsRedis(args.maxReplicas)) store(PROXY_REDIS_SECRET, managedRedisUrl(name, args, opts));
  return { env, secrets, grants };
}

/**
 * Azure Managed Redis, the smallest SKU (Balanced_B0), TLS only on port 10000, with its
 * access key (node-redis signs in with it as the default user's password). `EnterpriseCluster`
 * gives one endpoint that a non-cluster client such as the server's can use; `NoEviction`
 * makes a full cache refuse writes rather than silently drop live grants
 * (https://learn.microsoft.com/azure/redis/choose-clustering-policy).
 */
function managedRedisUrl(name: string, args: ProxyModeArgs, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
  const { resourceGroupName } = args;
  const cluster = new redisenterprise.RedisEnterprise(`${name}-redis`, {
    resourceGroupName,
    location: args.location,
    sku: { name: 'Balanced_B0' },
    minimumTlsVersion: '1.2',
    // The Container Apps environment has no virtual network here: the cache is reached over TLS with its key.
    publicNetworkAccess: 'Enabled',
  }, opts);
  const database = new redisenterprise.Database(`${name}-redis-db`, {
    resourceGroupName,
    clusterName: cluster.name,
    // Azure Managed Redis has exactly one database, named `default`.
    databaseName: 'default',
    clientProtocol: 'Encrypted',
    port: REDIS_PORT,
    clusteringPolicy: 'EnterpriseCluster',
    evictionPolicy: 'NoEviction',
    accessKeysAuthentication: 'Enabled',
  }, opts);
  const keys = redisenterprise.listDatabaseKeysOutput({ resourceGroupName, clusterName: cluster.name, databaseName: database.name }, { parent: opts.parent });
  return pulumi.secret(pulumi.all([cluster.hostName, keys.primaryKey]).apply(([host, key]) => redisUrl(host, key)));
}
