/**
 * The scope lives in two places on purpose: the registration description (what Entra puts in
 * `scp`) and the server's REQUIRED_SCOPE default (the server package ships alone in its image,
 * so it cannot import the description). This test is what keeps them one value.
 */
import { describe, expect, it } from 'vitest';
import { defaults, loadConfig } from '../../server/src/index.ts';
import { appRegistration, fullScope } from '../../src/registration/app-registration.ts';

const env = { AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47', AZURE_CLIENT_ID: '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f' };

describe("the server's required scope and the registration description", () => {
  it('the default REQUIRED_SCOPE is the scope value the registration publishes', () => {
    expect(defaults.REQUIRED_SCOPE).toBe(appRegistration.scope.value);
  });

  it('a server configured with defaults asks clients for the scope the registration defines', () => {
    const config = loadConfig(env);
    expect(config.requiredScope).toBe(appRegistration.scope.value);
    expect(config.fullScope).toBe(fullScope(env.AZURE_CLIENT_ID));
  });
});
