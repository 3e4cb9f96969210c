import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandError, EXIT, type CommandContext, type CommandSpec, type ExitStatus, type FlagSpecs } from '../cli/index.ts';
import { devBanner } from './dev-banner.ts';
import { devProxyBanner } from './dev-proxy-banner.ts';
import { startDevStack, type DevStack, type ProxyCredential } from './dev-stack.ts';
import { LOCAL_IDP_DEFAULT_PORT } from './local-defaults.ts';
import { DEV_SIGNING_KEY_FILE, loadOrCreateSigningKey } from './persisted-signing-key.ts';

/** `npm run dev`: its flags and help. */
export const devCommand = {
  name: 'npm run dev',
  summary: 'Starts a local Entra-compatible identity provider and the MCP server trusting it.',
  details: `Writes AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST and MCP_SERVER_URL into ./.env
(unless it names a real tenant) and puts back what was there on exit. The provider's signing
key is kept in ${DEV_SIGNING_KEY_FILE}, so tokens stay valid across restarts. Ctrl-C stops both.`,
  flags: {
    port: { type: 'string', valueName: 'n', description: 'MCP server port (env PORT; default 8000)' },
    'idp-port': { type: 'string', valueName: 'n', description: `identity provider port (env LOCAL_IDP_PORT; default ${LOCAL_IDP_DEFAULT_PORT})` },
    'auto-sign-in': {
      type: 'string',
      valueName: 'user',
      description: 'automation: sign every request in as this user (adele, alex, megan, an oid or a username) with no pages; device codes are approved at once (env LOCAL_IDP_AUTO_SIGN_IN)',
    },
    'auth-mode': {
      type: 'string',
      valueName: 'mode',
      description: 'direct (Entra-style tokens only, the default) or proxy: the server becomes the authorization server MCP clients register with, the provider its upstream (env MCP_AUTH_MODE)',
    },
    'proxy-credential': {
      type: 'string',
      valueName: 'kind',
      description: "proxy mode: how the server redeems the provider's codes: managed-identity (secretless, as on Azure: a federated credential trusts the server's managed identity; the default) or secret",
    },
    'no-env-file': { type: 'boolean', description: 'do not write ./.env (print the values to export instead)' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** Pure: a port from a flag or its variable; throws `CommandError('USAGE')` naming the flag. */
export function portSetting(value: string | undefined, flag: string, variable: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new CommandError('USAGE', `${flag} (or ${variable}) must be a port number (0-65535), got ${JSON.stringify(value)}`, [`Run \`npm run dev -- ${flag} 8001\`, for example.`]);
  }
  return n;
}

/** Pure: `--auth-mode` (or `MCP_AUTH_MODE`); throws `CommandError('USAGE')` naming the flag. */
export function authModeSetting(value: string | undefined): 'direct' | 'proxy' {
  const mode = (value ?? '').trim().toLowerCase() || 'direct';
  if (mode === 'direct' || mode === 'proxy') return mode;
  throw new CommandError('USAGE', `--auth-mode (or MCP_AUTH_MODE) must be direct or proxy, got ${JSON.stringify(value)}`, ['Run `npm run dev -- --auth-mode proxy`, for example.']);
}

/** Pure: `--proxy-credential`; throws `CommandError('USAGE')` naming the flag. */
export function proxyCredentialSetting(value: string | undefined): ProxyCredential {
  const kind = (value ?? '').trim().toLowerCase() || 'managed-identity';
  if (kind === 'managed-identity') return 'managedIdentity';
  if (kind === 'secret') return 'secret';
  throw new CommandError('USAGE', `--proxy-credential must be managed-identity or secret, got ${JSON.stringify(value)}`, ['Run `npm run dev -- --auth-mode proxy --proxy-credential secret`, for example.']);
}

/**
 * The body of `npm run dev`: starts the stack, prints the banner, then runs until
 * `io.signal` aborts (Ctrl-C, SIGTERM), stops both parts and says what became of `.env`.
 */
export async function runDev({ values, io }: CommandContext<typeof devCommand.flags>): Promise<ExitStatus> {
  const serverPort = portSetting(values.port ?? io.env.PORT, '--port', 'PORT', 8000);
  const idpPort = portSetting(values['idp-port'] ?? io.env.LOCAL_IDP_PORT, '--idp-port', 'LOCAL_IDP_PORT', LOCAL_IDP_DEFAULT_PORT);
  const authMode = authModeSetting(values['auth-mode'] ?? io.env.MCP_AUTH_MODE);
  const proxyCredential = proxyCredentialSetting(values['proxy-credential']);
  const autoSignIn = values['auto-sign-in'] ?? (io.env.LOCAL_IDP_AUTO_SIGN_IN || undefined);
  const keyFile = resolve(io.cwd, DEV_SIGNING_KEY_FILE);
  const signingKey = await loadOrCreateSigningKey(keyFile);
  let stack: DevStack;
  try {
    stack = await startDevStack({
      serverPort,
      idpPort,
      ...(values['no-env-file'] === true ? {} : { envFile: resolve(io.cwd, '.env') }),
      ...(autoSignIn === undefined ? {} : { autoSignIn }),
      signingKey: signingKey.key,
      authMode,
      proxyCredential,
      env: io.env,
      onIdpError: (error) => io.stderr(`identity provider error: ${error.stack ?? error.message}\n`),
    });
  } catch (error) {
    throw new CommandError('DEV_STACK_FAILED', (error as Error).message, [], { cause: error });
  }
  io.stdout(
    devBanner({
      // Since the process started (performance.now() counts from there): node, imports and both listeners.
      seconds: performance.now() / 1000,
      ...stack,
      signingKey: { path: keyFile, created: signingKey.created, replaced: signingKey.replaced },
    }),
  );
  if (stack.authMode === 'proxy') io.stdout(devProxyBanner(stack.serverUrl, autoSignIn !== undefined, stack.proxyCredential));
  const signal = io.signal;
  if (signal !== undefined && !signal.aborted) await new Promise((done) => signal.addEventListener('abort', done, { once: true }));
  io.stdout('\nstopping the MCP server and the identity provider\n');
  const envLine = await stack.close();
  if (envLine !== undefined) io.stdout(`${envLine}\n`);
  return EXIT.ok;
}

/** `signal`, also aborted on SIGTERM (a container or a process manager stopping `npm run dev`). */
export function alsoOnSigterm(signal: AbortSignal | undefined): AbortSignal {
  const sigterm = new AbortController();
  process.once('SIGTERM', () => sigterm.abort());
  return signal === undefined ? sigterm.signal : AbortSignal.any([signal, sigterm.signal]);
}
