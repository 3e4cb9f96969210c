import { afterAll, beforeAll } from 'vitest';
import { startDevStack, type DevStack } from '../../../src/local-idp/dev-stack.ts';
import { installClient, type Installed } from './install-client.ts';

/** A client installed from the npm registry, the `npm run dev` stack it signs in to, and its process. */
export interface ClientFixture {
  installed: Installed;
  stack: DevStack;
  child: { kill(): unknown } | undefined;
}

/**
 * Registers the file's hooks: install `pkg` into a temp prefix while the dev stack starts
 * (automation mode: every sign-in is Adele); afterwards stop the client and the stack.
 */
export function clientAgainstDevStack(pkg: string): ClientFixture {
  const fixture = { child: undefined } as ClientFixture;
  beforeAll(async () => {
    [fixture.installed, fixture.stack] = await Promise.all([installClient(pkg), startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } })]);
  }, 150_000);
  afterAll(async () => {
    fixture.child?.kill();
    await fixture.stack?.close();
  });
  return fixture;
}
