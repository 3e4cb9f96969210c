import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, OAuthError } from '../../src/clients/client-errors.ts';
import { getTokenByDeviceCode } from '../../src/clients/get-token-by-device-code.ts';
import { signIn } from '../../src/clients/sign-in-flow.ts';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { launchChromium } from '../helpers/launch-chromium.ts';

// Debian's Chromium (`.ci/run` installs the `chromium` package); never a downloaded browser.

let stack: DevStack;
let browser: Browser;
// A short poll: the interval is protocol pacing, not synchronisation, and the provider does not rate-limit.
const quickPoll = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 100)));

beforeAll(async () => {
  stack = await startDevStack({ idpPort: 0, serverPort: 0, env: { LOG_LEVEL: 'silent' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const settings = () => ({ tenantId: stack.tenantId, apiClientId: stack.clientId, authorityHost: stack.authorityHost, serverUrl: stack.serverUrl, clientSecret: undefined });

/** On the provider's sign-in page, picks the user by name. */
async function pickUser(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(name) }).click();
}

describe('in a browser (headless Chromium)', () => {
  it('npm run sign-in: pick a user, consent once (the app is not pre-authorized for itself), then MCP', async () => {
    const page = await browser.newPage();
    const result = await signIn({
      serverUrl: stack.serverUrl,
      clientId: stack.clientId,
      apiClientId: stack.clientId,
      callbackPort: 0,
      openAuthorizationUrl: async (url) => {
        await page.goto(url);
        await page.getByRole('heading', { name: 'Pick an account' }).waitFor();
        await pickUser(page, 'Megan Bowen');
        await page.getByRole('button', { name: 'Accept' }).click();
      },
    });
    await page.waitForURL(/\/callback\?/);
    expect(await page.locator('#result').textContent()).toContain('Signed in');
    expect(JSON.parse(result.mcp.whoami!)).toMatchObject({ name: 'Megan Bowen' });
    await page.close();
  });

  it('npm run sign-in: declining consent comes back as AADSTS65004', async () => {
    const page = await browser.newPage();
    const failure = await signIn({
      serverUrl: stack.serverUrl,
      clientId: stack.clientId,
      apiClientId: stack.clientId,
      callbackPort: 0,
      openAuthorizationUrl: async (url) => {
        await page.goto(url);
        await pickUser(page, 'Adele Vance');
        await page.getByRole('button', { name: 'Cancel' }).click();
      },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OAuthError);
    expect(failure).toMatchObject({ error: 'access_denied', aadsts: 65004 });
    await page.close();
  });

  it('npm run token: enter the code, confirm, pick a user (Azure CLI is pre-authorized: no consent)', async () => {
    const page = await browser.newPage();
    let entered: Promise<void> | undefined;
    const { tokens } = await getTokenByDeviceCode({
      settings: settings(),
      sleep: quickPoll,
      onPrompt: (p) => {
        entered = (async () => {
          await page.goto(p.verificationUri);
          await page.locator('input[name=user_code]').fill(p.userCode);
          await page.getByRole('button', { name: 'Next' }).click();
          await page.getByRole('button', { name: 'Continue' }).click();
          await pickUser(page, 'Alex Wilber');
          await page.locator('#done').waitFor();
        })();
      },
    });
    await entered;
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    await page.close();
  });

  it('npm run token: a declined sign-in ends the polling with a clear "declined"', async () => {
    const page = await browser.newPage();
    let declined: Promise<void> | undefined;
    const failure = await getTokenByDeviceCode({
      settings: settings(),
      sleep: quickPoll,
      onPrompt: (p) => {
        declined = (async () => {
          await page.goto(p.verificationUri);
          await page.locator('input[name=user_code]').fill(p.userCode);
          await page.getByRole('button', { name: 'Next' }).click();
          await page.getByRole('button', { name: 'Cancel' }).click();
        })();
      },
    }).catch((e: unknown) => e);
    await declined;
    expect(failure).toBeInstanceOf(ClientError);
    expect(failure).toMatchObject({ code: 'declined' });
    await page.close();
  });
});
