import { join } from 'node:path';
import { CommandError, EXIT, type CommandContext, type CommandSpec, type ExitStatus, type FlagSpecs } from '../cli/index.ts';
import { readEnvFile } from '../shared/env-file.ts';
import { DEFAULT_CALLBACK_TIMEOUT_MS } from './authorize-in-browser.ts';
import { ClientError } from './client-errors.ts';
import { DEFAULT_SERVER_URL, resolveClientSettings } from './client-settings.ts';
import { describePhase } from './describe-phase.ts';
import { describeDisagreements, MIXED_ENV_ADVICE, mixedEnvOf } from './mixed-env-report.ts';
import { openBrowser } from './open-browser.ts';
import { signIn } from './sign-in-flow.ts';

/** `npm run sign-in`'s command line. */
export const signInSpec = {
  name: 'npm run sign-in',
  summary: "Signs you in to the MCP server the way an MCP client does, discovering everything from the server.",
  details: `Calls the server without a token, reads its 401 and RFC 9728 metadata, finds the authorization
server it names (no tenant needed), signs you in in the browser with Authorization Code + PKCE,
then calls initialize, tools/list and whoami. Reads MCP_SERVER_URL (formerly SECURE_SERVER_URL)
and AZURE_CLIENT_ID from ./.env, then the environment, then flags.

By default it signs in as the app registration's own client id (AZURE_CLIENT_ID), whose redirect
http://localhost:8090/callback is registered on the public-client platform: no secret, and the
scope in the GUID form {clientId}/access_as_user that Entra requires when an app asks a token for itself.`,
  json: true,
  flags: {
    server: { type: 'string', valueName: 'url', description: `the server's origin or its /mcp URL (default MCP_SERVER_URL, else ${DEFAULT_SERVER_URL})` },
    'client-id': { type: 'string', valueName: 'id', description: 'the client to sign in as (default AZURE_CLIENT_ID)' },
    'no-browser': { type: 'boolean', description: 'print the sign-in URL instead of opening a browser' },
    timeout: { type: 'string', valueName: 'seconds', description: `how long to wait for the browser to come back (default ${DEFAULT_CALLBACK_TIMEOUT_MS / 1000})` },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** What the command needs from the desktop; replaced in tests. */
export interface SignInDesktop {
  readonly openBrowser: (url: string) => Promise<boolean>;
}

function timeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CALLBACK_TIMEOUT_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new CommandError('USAGE', `--timeout ${JSON.stringify(value)} is not a number of seconds`, ['for example --timeout 600']);
  return seconds * 1000;
}

/** The body of `npm run sign-in` (run it with `runCommand(signInSpec, argv, io, signInCommand)`). */
export async function signInCommand({ values, io, json, progress }: CommandContext<typeof signInSpec.flags>, desktop: SignInDesktop = { openBrowser }): Promise<ExitStatus> {
  const waitMs = timeoutMs(values.timeout);
  const settings = resolveClientSettings(await readEnvFile(join(io.cwd, '.env')), io.env, { MCP_SERVER_URL: values.server });
  settings.notes.forEach((n) => io.stderr(`${n}\n`));
  const clientId = values['client-id'] ?? settings.apiClientId?.value;
  if (clientId === undefined) {
    throw new ClientError('config', 'no client to sign in as: AZURE_CLIENT_ID is not set and --client-id was not given', undefined, {
      advice: ['pass --client-id <id> (a public client registered for http://localhost:8090/callback), or run `npm run dev` or `npm run register-app` (they write AZURE_CLIENT_ID to .env)'],
    });
  }
  const result = await signIn({
    serverUrl: settings.serverUrl?.value ?? DEFAULT_SERVER_URL,
    clientId,
    apiClientId: settings.apiClientId?.value,
    clientSecret: settings.clientSecret,
    callbackTimeoutMs: waitMs,
    signal: io.signal,
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
    onPhase: (p) => progress(describePhase(p)),
    checkAuthorizationServer: (issuer) => {
      const lines = describeDisagreements(settings, mixedEnvOf(settings, issuer));
      if (lines.length === 0) return;
      // A client id given on the command line is the person's choice; one read from .env may belong to another deployment.
      if (values['client-id'] !== undefined) return lines.forEach((l) => io.stderr(`warning: ${l}\n`));
      throw new ClientError('mixed-env', `.env mixes two deployments: ${lines.join('; ')}`, undefined, { advice: MIXED_ENV_ADVICE });
    },
    openAuthorizationUrl: async (url) => {
      if (values['no-browser'] === true) return progress('   Open the URL above in a browser; waiting for the callback (Ctrl-C cancels)...');
      if (await desktop.openBrowser(url)) return progress('   Opened the browser; waiting for the callback (Ctrl-C cancels)...');
      progress('   Could not open a browser here (no desktop browser found): open the "Sign in here" URL above in a browser; waiting for the callback (Ctrl-C cancels)...');
    },
  });
  if (json) io.stdout(`${JSON.stringify({ expires_at: result.expiresAt.toISOString(), claims: result.claims, mcp: result.mcp }, null, 2)}\n`);
  else progress('Signed in and called the server.');
  return EXIT.ok;
}
