import { describe, expect, it } from 'vitest';
import { IMAGE, T, TAG, deployServer as deploy, origin } from './testing/deploy-server.ts';
import { MOCK, mockDigest, one, reveal, valueOf } from './testing/mock-cloud.ts';

describe('McpServerDeployment, the server image', () => {
  it('without an image setting, builds and pushes the server image and runs it, in one update', async () => {
    const { registered, seen, urls, component, exchanges } = await deploy({});
    const registryName = one(registered, T.registry).inputs.registryName;
    const tag = `${registryName}.azurecr.io/entra-mcp-server:${TAG}`;
    const build = one(registered, T.image).inputs;
    expect(build).toMatchObject({
      context: { location: '/checkout' }, dockerfile: { location: '/checkout/server/Dockerfile' },
      platforms: ['linux/amd64'], tags: [tag], push: true, buildOnPreview: false,
    });
    // Pushes with the deployer's Entra token traded for a registry token: no admin user, no stored password.
    expect(one(registered, T.registry).inputs.adminUserEnabled).toBe(false);
    // The registry token makes the whole list a secret on its way to the engine and the state.
    expect(reveal(build.registries)).toEqual({ secret: true, value: [{
      address: `${registryName}.azurecr.io`, username: '00000000-0000-0000-0000-000000000000', password: 'acr-refresh-token',
    }] });
    expect(exchanges).toEqual([{ loginServer: `${registryName}.azurecr.io`, tenantId: MOCK.tenantId, accessToken: MOCK.armToken }]);
    // The Container App runs the pushed image by digest, so it is registered after the build
    // and depends on it.
    const app = one(registered, T.app);
    expect(app.inputs.template.containers[0].image).toBe(`${tag}@${mockDigest([tag])}`);
    expect(registered.indexOf(app)).toBeGreaterThan(registered.findIndex((r) => r.type === T.image));
    expect(seen.find((s) => s.type === T.image)?.opts.parent).toBe(component);
    expect(await valueOf(component.image)).toBe(`${tag}@${mockDigest([tag])}`);
    expect(urls).toEqual({ serverUrl: origin, mcpUrl: `${origin}/mcp`, metadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp` });
  });

  it('asks the registry for nothing during a preview (the build itself is off on preview)', async () => {
    const { registered, exchanges } = await deploy({}, true);
    expect(one(registered, T.image).inputs.buildOnPreview).toBe(false);
    expect(exchanges).toEqual([]);
  });

  it('runs a configured image as is, without building one', async () => {
    const { registered } = await deploy({ image: IMAGE });
    expect(registered.filter((r) => r.type === T.image)).toEqual([]);
    expect(one(registered, T.app).inputs.template.containers[0].image).toBe(IMAGE);
  });
});
