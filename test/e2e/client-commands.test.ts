import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCommand, type CommandIo } from '../../src/cli/index.ts';
import { signInCommand, signInSpec, type SignInDesktop } from '../../src/clients/sign-in-command.ts';
import { tokenCommand, tokenSpec } from '../../src/clients/token-command.ts';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';
import { followRedirects } from './helpers/follow-redirects.ts';
import { closedPort } from '../support/closed-port.ts';

// `npm run token` and `npm run sign-in` as commands, in-process, against the `npm run dev` stack
// in automation mode (every sign-in is Adele, no pages).
let stack: DevStack;
beforeAll(async () => {
  stack = await startDevStack({ idpPort: 0, serverPort: 0, autoSignIn: 'adele', env: { LOG_LEVEL: 'silent' } });
});
afterAll(() => stack.close());

const REAL_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const REAL_APP = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

function dirWithEnv(text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'entra-mcp-clients-'));
  if (text !== undefined) writeFileSync(join(dir, '.env'), text);
  return dir;
}

function captureIo(cwd: string, extra: Partial<CommandIo> = {}): CommandIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, stdout: (t) => out.push(t), stderr: (t) => err.push(t), sleep: async () => undefined, ...extra, out: () => out.join(''), err: () => err.join('') };
}

/** A desktop whose "browser" is the redirect follower; `opens` says what openBrowser answers. */
function desktop(opens: boolean, calls: string[] = []): SignInDesktop {
  return {
    openBrowser: async (url) => {
      calls.push(url);
      void followRedirects(url, (u) => u.pathname === '/callback');
      return opens;
    },
  };
}

const localEnv = () => `AZURE_TENANT_ID=${stack.tenantId}\nAZURE_CLIENT_ID=${stack.clientId}\nAZURE_AUTHORITY_HOST=${stack.authorityHost}\nMCP_SERVER_URL=${stack.serverUrl}\n`;

describe('npm run token', () => {
  it('prints only the token on stdout (the code to enter goes to stderr), so TOKEN=$(npm run -s token) works', async () => {
    const io = captureIo(dirWithEnv(localEnv()), { stdoutIsTerminal: false });
    expect(await runCommand(tokenSpec, [], io, tokenCommand)).toBe(EXIT.ok);
    expect(io.out()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(io.err()).toContain('enter the code');
    expect(io.err()).not.toContain(io.out().trim());
  });

  it('--help documents npm run -s token', async () => {
    const io = captureIo(dirWithEnv());
    await runCommand(tokenSpec, ['--help'], io, tokenCommand);
    expect(io.out()).toContain('TOKEN=$(npm run -s token)');
  });

  it('with the local stack down, names the request, the refusal and npm run dev', async () => {
    const down = await closedPort();
    const io = captureIo(dirWithEnv(`AZURE_TENANT_ID=${stack.tenantId}\nAZURE_CLIENT_ID=${stack.clientId}\nAZURE_AUTHORITY_HOST=${down}\n`));
    expect(await runCommand(tokenSpec, [], io, tokenCommand)).toBe(EXIT.failed);
    expect(io.err()).toContain(`error [network]: GET ${down}/${stack.tenantId}/v2.0/.well-known/openid-configuration failed: connection refused by ${down} (ECONNREFUSED)`);
    expect(io.err()).toContain(`what to do: nothing answers on ${down}: start the local stack with \`npm run dev\``);
  });

  it('says which .env values disagree: the local server beside a real tenant and client id', async () => {
    const io = captureIo(dirWithEnv(`AZURE_TENANT_ID=${REAL_TENANT}\nAZURE_CLIENT_ID=${REAL_APP}\nMCP_SERVER_URL=http://localhost:8000\n`), { fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch });
    await runCommand(tokenSpec, [], io, tokenCommand);
    expect(io.err()).toMatch(/^warning: MCP_SERVER_URL is a server on this machine \(http:\/\/localhost:8000\) while AZURE_TENANT_ID and AZURE_CLIENT_ID are for https:\/\/login\.microsoftonline\.com.*\[values: MCP_SERVER_URL in \.env; AZURE_AUTHORITY_HOST \(unset: Entra public cloud\); AZURE_TENANT_ID in \.env; AZURE_CLIENT_ID in \.env\]$/m);
  });
});

describe('npm run sign-in', () => {
  it('honours --client-id, with no AZURE_CLIENT_ID or AZURE_TENANT_ID anywhere (it discovers the authority)', async () => {
    const io = captureIo(dirWithEnv());
    const status = await runCommand(signInSpec, ['--server', stack.serverUrl, '--client-id', stack.clientId, '--timeout', '60'], io, (ctx) => signInCommand(ctx, desktop(true)));
    expect(io.err()).toBe('');
    expect(status).toBe(EXIT.ok);
    expect(io.out()).toContain('Opened the browser');
    expect(io.out()).toContain('Signed in and called the server.');
  });

  it('says when it could not open a browser, and points at the printed URL', async () => {
    const io = captureIo(dirWithEnv(localEnv()));
    expect(await runCommand(signInSpec, [], io, (ctx) => signInCommand(ctx, desktop(false)))).toBe(EXIT.ok);
    expect(io.out()).toContain('Could not open a browser here');
    expect(io.out()).toContain('open the "Sign in here" URL above');
    expect(io.out()).not.toContain('Opened the browser');
  });

  it('refuses a .env that pairs the local server with a real tenant and client id, naming the values, before any browser', async () => {
    const calls: string[] = [];
    const io = captureIo(dirWithEnv(`AZURE_TENANT_ID=${REAL_TENANT}\nAZURE_CLIENT_ID=${REAL_APP}\nSECURE_SERVER_URL=${stack.serverUrl}\n`));
    expect(await runCommand(signInSpec, [], io, (ctx) => signInCommand(ctx, desktop(true, calls)))).toBe(EXIT.usage);
    expect(calls).toEqual([]);
    expect(io.err()).toContain('note: SECURE_SERVER_URL in .env is the old name of MCP_SERVER_URL');
    expect(io.err()).toContain(`error [mixed-env]: .env mixes two deployments: the server at MCP_SERVER_URL sends sign-ins to ${stack.issuer}`);
    expect(io.err()).toContain('[values: SECURE_SERVER_URL in .env; AZURE_AUTHORITY_HOST (unset: Entra public cloud); AZURE_TENANT_ID in .env; AZURE_CLIENT_ID in .env]');
  });

  it("shows Entra's error page (AADSTS700016, unknown client) instead of waiting for a callback", async () => {
    const calls: string[] = [];
    const io = captureIo(dirWithEnv());
    const status = await runCommand(signInSpec, ['--server', stack.serverUrl, '--client-id', REAL_APP], io, (ctx) => signInCommand(ctx, desktop(true, calls)));
    expect(status).toBe(EXIT.failed);
    expect(calls).toEqual([]);
    expect(io.err()).toMatch(/error \[oauth\]: GET http:\/\/[^ ]+\/oauth2\/v2\.0\/authorize answered 400 "entra_error_page": "AADSTS700016: Application with identifier/);
  });

  it('stops waiting for the callback after --timeout, saying what to look for', async () => {
    const io = captureIo(dirWithEnv(localEnv()));
    const status = await runCommand(signInSpec, ['--timeout', '0.2'], io, (ctx) => signInCommand(ctx, { openBrowser: async () => true }));
    expect(status).toBe(EXIT.failed);
    expect(io.err()).toMatch(/error \[timeout\]: no sign-in came back to http:\/\/localhost:\d+\/callback within 0 s/);
    expect(io.err()).toContain('if the browser shows an error (AADSTS…)');
  });

  it('--server without a scheme is a settings error naming the flag; a deployed server that cannot be reached gets its cause, not the npm run dev hint', async () => {
    const bare = captureIo(dirWithEnv());
    expect(await runCommand(signInSpec, ['--server', 'localhost:8000', '--client-id', REAL_APP], bare, signInCommand)).toBe(EXIT.usage);
    expect(bare.err()).toContain('error [config]: --server is "localhost:8000", which is not a URL with a scheme');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND mcp.example.com'), { code: 'ENOTFOUND' });
    const far = captureIo(dirWithEnv(), { fetch: (async () => { throw new TypeError('fetch failed', { cause: dns }); }) as typeof fetch });
    expect(await runCommand(signInSpec, ['--server', 'https://mcp.example.com', '--client-id', REAL_APP], far, signInCommand)).toBe(EXIT.failed);
    expect(far.err()).toContain('error [network]: POST https://mcp.example.com/mcp failed: no DNS record for mcp.example.com (ENOTFOUND)');
    expect(far.err()).not.toContain('npm run dev');
  });
});
