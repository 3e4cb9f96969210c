import { link, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeviceCodeFlow } from '../../src/clients/device-code-flow.ts';
import { discoverAuthorizationServer } from '../../src/clients/discover-authorization-server.ts';
import { callMcpWithToken } from '../../src/clients/mcp-session.ts';
import { startDevStack } from '../../src/local-idp/dev-stack.ts';
import { loadOrCreateSigningKey } from '../../src/local-idp/persisted-signing-key.ts';
import { AZURE_CLI_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { readEnvFile } from '../../src/shared/env-file.ts';

// Issue 13: two `npm run dev` and one `.env`; restarts and the tokens handed out before.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dev-env-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const quiet = { idpPort: 0, serverPort: 0, env: { LOG_LEVEL: 'silent' } } as const;
const ORIGINAL = '# mine\nLOG_LEVEL=debug\n';

describe('.env and two dev stacks', () => {
  it('the second stack, stopping, gives .env back to the first; the first, stopping, restores the original', async () => {
    const envFile = join(dir, '.env');
    await writeFile(envFile, ORIGINAL);
    const first = await startDevStack({ ...quiet, envFile });
    const second = await startDevStack({ ...quiet, envFile });
    expect((await readEnvFile(envFile)).MCP_SERVER_URL).toBe(second.serverUrl);
    expect(await second.close()).toMatch(/restored/);
    const back = await readEnvFile(envFile);
    expect(back.MCP_SERVER_URL).toBe(first.serverUrl);
    expect(back.SECURE_SERVER_URL).toBe(first.serverUrl);
    expect(back.AZURE_AUTHORITY_HOST).toBe(first.authorityHost);
    // The first stack is reachable again for npm run token.
    expect((await fetch(`${back.MCP_SERVER_URL}/healthz`)).status).toBe(200);
    expect(await first.close()).toMatch(/restored/);
    expect(await readFile(envFile, 'utf8')).toBe(ORIGINAL);
  });

  it('leaves .env alone, and says so, when someone changed its keys meanwhile; restores by rename, not in place', async () => {
    const envFile = join(dir, '.env');
    await writeFile(envFile, ORIGINAL);
    const stack = await startDevStack({ ...quiet, envFile });
    const theirs = (await readFile(envFile, 'utf8')).replace(/^MCP_SERVER_URL=.*$/m, 'MCP_SERVER_URL=https://mcp.example.com');
    await writeFile(envFile, theirs);
    expect(await stack.close()).toMatch(/left as it is: MCP_SERVER_URL changed/);
    expect(await readFile(envFile, 'utf8')).toBe(theirs);

    const again = await startDevStack({ ...quiet, envFile: join(dir, '.env2') });
    const held = join(dir, 'held');
    await link(join(dir, '.env2'), held);
    const before = await readFile(held, 'utf8');
    await again.close();
    expect(await readFile(held, 'utf8')).toBe(before);
    expect((await stat(join(dir, '.env2'))).mode & 0o777).toBe(0o600);
  });
});

describe('the local signing key across restarts', () => {
  it('is kept in a 0600 file and read back; an unusable file is replaced', async () => {
    const path = join(dir, '.entra-mcp', 'key.json');
    const made = await loadOrCreateSigningKey(path);
    expect(made.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, '.entra-mcp'))).mode & 0o777).toBe(0o700);
    const read = await loadOrCreateSigningKey(path);
    expect(read).toMatchObject({ created: false, replaced: false });
    expect(read.key.publicJwk).toEqual(made.key.publicJwk);
    await writeFile(path, '{"kty":"RSA"}');
    const replaced = await loadOrCreateSigningKey(path);
    expect(replaced).toMatchObject({ created: true, replaced: true });
    expect(replaced.key.publicJwk.kid).not.toBe(made.key.publicJwk.kid);
  });

  it('a token from before a restart of npm run dev is still accepted after it', async () => {
    const keyFile = join(dir, '.entra-mcp', 'key.json');
    const first = await startDevStack({ ...quiet, autoSignIn: 'adele', signingKey: (await loadOrCreateSigningKey(keyFile)).key });
    const { config } = await discoverAuthorizationServer(first.issuer, { clientId: AZURE_CLI_CLIENT_ID });
    const tokens = await runDeviceCodeFlow({ config, scope: `api://${first.clientId}/access_as_user`, sleep: async () => undefined, onPrompt: () => undefined });
    const ports = { idpPort: Number(new URL(first.authorityHost).port), serverPort: Number(new URL(first.serverUrl).port) };
    await first.close();
    // The same ports again, as `npm run dev` restarts on its defaults.
    const second = await startDevStack({ ...quiet, ...ports, signingKey: (await loadOrCreateSigningKey(keyFile)).key });
    try {
      const mcp = await callMcpWithToken(`${second.serverUrl}/mcp`, tokens.accessToken);
      expect(JSON.parse(mcp.whoami!)).toMatchObject({ name: 'Adele Vance' });
    } finally {
      await second.close();
    }
  });
});
