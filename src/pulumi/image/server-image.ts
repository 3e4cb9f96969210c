import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import * as dockerbuild from '@pulumi/docker-build';
import * as authorization from '@pulumi/azure-native/authorization/index.js';
import { ACR_TOKEN_USERNAME, exchangeAcrToken } from './exchange-acr-token.ts';
import { DOCKERFILE } from './image-sources.ts';

/** The repository the server image is pushed to in the stack's registry. */
export const IMAGE_REPOSITORY = 'entra-mcp-server';
/** Container Apps run linux/amd64, whatever the deploying machine is. */
export const IMAGE_PLATFORM = 'linux/amd64';

/** Inputs of {@link buildServerImage}. */
export interface ServerImageArgs {
  /** The stack registry's login server, e.g. `entramcp1a2b3c4d5e6f.azurecr.io`. */
  readonly loginServer: pulumi.Input<string>;
  readonly tenantId: pulumi.Input<string>;
  /** The repository root: the build context (narrowed by `.dockerignore`). */
  readonly root: string;
  /** From `contentTag`: the same for the same server sources. */
  readonly tag: pulumi.Input<string>;
  /** Replaced in tests; the real exchange calls the registry. */
  readonly exchange?: typeof exchangeAcrToken;
}

/**
 * Builds server/Dockerfile for linux/amd64 and pushes it to the stack's registry during
 * `pulumi up` (docker-build's Image, BuildKit embedded in the provider: the deploying machine
 * needs a Docker engine). Never during a preview: no build, no push, no token exchange. The
 * push signs in with the deployer's own Entra token traded for a short-lived ACR token; the
 * provider ignores a changed password when diffing, so a new token does not rebuild.
 * https://www.pulumi.com/registry/packages/docker-build/api-docs/image/
 *
 * @returns the image; its `ref` (`…:tag@sha256:…`) is what the Container App runs.
 */
export function buildServerImage(name: string, args: ServerImageArgs, opts: pulumi.CustomResourceOptions): dockerbuild.Image {
  const exchange = args.exchange ?? exchangeAcrToken;
  const armToken = authorization.getClientTokenOutput({}, { parent: opts.parent });
  const password = pulumi.all([args.loginServer, args.tenantId, armToken.token]).apply(([loginServer, tenantId, accessToken]) =>
    // A preview builds nothing, so it needs no registry token (and asks the registry nothing).
    pulumi.runtime.isDryRun() ? undefined : exchange({ loginServer, tenantId, accessToken }));
  return new dockerbuild.Image(name, {
    context: { location: args.root },
    dockerfile: { location: join(args.root, DOCKERFILE) },
    platforms: [IMAGE_PLATFORM],
    tags: [pulumi.interpolate`${args.loginServer}/${IMAGE_REPOSITORY}:${args.tag}`],
    push: true,
    buildOnPreview: false,
    registries: [{ address: args.loginServer, username: ACR_TOKEN_USERNAME, password: pulumi.secret(password) }],
  }, opts);
}
