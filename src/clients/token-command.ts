import { join } from 'node:path';
import { CommandError, EXIT, type CommandContext, type CommandSpec, type ExitStatus, type FlagSpecs } from '../cli/index.ts';
import { readEnvFile } from '../shared/env-file.ts';
import { authorityHostOf, required, resolveClientSettings } from './client-settings.ts';
import { getTokenByDeviceCode } from './get-token-by-device-code.ts';
import { describeDisagreements, mixedEnvOf } from './mixed-env-report.ts';
import { tokenReport } from './token-report.ts';

/** `npm run token`'s command line. */
export const tokenSpec = {
  name: 'npm run token',
  summary: 'Signs you in with the Device Code flow and prints an access token for the MCP server.',
  details: `Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_AUTHORITY_HOST from ./.env, then the
environment, then flags (npm run dev writes them for the local stack; npm run register-app for Entra).
The code to enter goes to stderr and only the token to stdout. In a shell, add npm's -s so that
npm's own banner stays out of the variable:

  TOKEN=$(npm run -s token)`,
  json: true,
  flags: {
    'client-id': { type: 'string', valueName: 'id', description: "public client to sign in with (default: Azure CLI's 04b07795-8ddb-461a-bbee-02f9e1bf7b46, pre-authorized for the API)" },
    tenant: { type: 'string', valueName: 'id', description: 'overrides AZURE_TENANT_ID' },
    'authority-host': { type: 'string', valueName: 'url', description: 'overrides AZURE_AUTHORITY_HOST (default https://login.microsoftonline.com)' },
    'include-refresh-token': { type: 'boolean', description: 'also ask for offline_access and print the refresh token (with --json only)' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** The body of `npm run token` (run it with `runCommand(tokenSpec, argv, io, tokenCommand)`). */
export async function tokenCommand({ values, io, json }: CommandContext<typeof tokenSpec.flags>): Promise<ExitStatus> {
  const includeRefresh = values['include-refresh-token'] === true;
  if (includeRefresh && !json) {
    // A refresh token is a long-lived credential: printed only inside the JSON a script asked for.
    throw new CommandError('USAGE', '--include-refresh-token prints the refresh token only with --json', ['add --json']);
  }
  const say = (line: string): void => io.stderr(`${line}\n`);
  const settings = resolveClientSettings(await readEnvFile(join(io.cwd, '.env')), io.env, { AZURE_TENANT_ID: values.tenant, AZURE_AUTHORITY_HOST: values['authority-host'] });
  settings.notes.forEach(say);
  for (const line of describeDisagreements(settings, mixedEnvOf(settings))) say(`warning: ${line}`);
  const { tokens } = await getTokenByDeviceCode({
    settings: { tenantId: required(settings.tenantId, 'AZURE_TENANT_ID', '--tenant'), apiClientId: required(settings.apiClientId, 'AZURE_CLIENT_ID'), authorityHost: authorityHostOf(settings) },
    ...(values['client-id'] === undefined ? {} : { clientId: values['client-id'] }),
    offlineAccess: includeRefresh,
    ...(io.fetch === undefined ? {} : { fetch: io.fetch }),
    ...(io.sleep === undefined ? {} : { sleep: io.sleep }),
    ...(io.now === undefined ? {} : { now: () => io.now!().getTime() }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    onPrompt: (p) => {
      say(`\n${p.message ?? `To sign in, open ${p.verificationUri} and enter the code ${p.userCode}.`}`);
      say(`(code valid for ${Math.round(p.expiresIn / 60)} min; checking every ${p.interval} s; Ctrl-C cancels)`);
    },
    onPending: (state, next) => {
      if (state === 'slow_down') say(`the server asked to poll more slowly: now every ${next} s`);
    },
  });
  if (json) {
    io.stdout(`${JSON.stringify(tokenReport(tokens, includeRefresh), null, 2)}\n`);
    return EXIT.ok;
  }
  say(`signed in; the access token expires at ${tokens.expiresAt.toISOString()}`);
  // npm prints its "> entra-mcp@… token" banner on stdout unless run with -s; a pipe would capture it.
  if (io.stdoutIsTerminal !== true && io.env.npm_lifecycle_event === 'token' && io.env.npm_config_loglevel !== 'silent') {
    say('note: npm also printed its banner on stdout; use `npm run -s token` so only the token is captured');
  }
  io.stdout(`${tokens.accessToken}\n`);
  return EXIT.ok;
}
