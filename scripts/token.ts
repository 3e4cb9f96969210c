/**
 * `npm run token`: an access token for the MCP server by the Device Code flow. The user
 * code and URL go to stderr and the token alone to stdout, so `TOKEN=$(npm run -s token)`
 * works; `--json` prints the token, its expiry and decoded claims instead.
 */
import { parseCommandLine } from '../src/shared/parse-command-line.ts';
import { ClientError } from '../src/clients/client-errors.ts';
import { resolveClientSettings } from '../src/clients/client-settings.ts';
import { getTokenByDeviceCode } from '../src/clients/get-token-by-device-code.ts';
import { tokenReport } from '../src/clients/token-report.ts';
import { readEnvFile } from '../src/shared/env-file.ts';

const HELP = `Usage: npm run token -- [options]

Signs you in with the Device Code flow and prints an access token for the MCP server.
Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_AUTHORITY_HOST from ./.env, then the
environment (npm run dev writes them for the local stack; npm run register-app for Entra).

Options:
  --client-id <id>       public client to sign in with (default: Azure CLI's
                         04b07795-8ddb-461a-bbee-02f9e1bf7b46, pre-authorized for the API)
  --tenant <id>          overrides AZURE_TENANT_ID
  --authority-host <url> overrides AZURE_AUTHORITY_HOST (default https://login.microsoftonline.com)
  --json                 print JSON: access_token, expires_in, expires_at, scope, header, claims
  --include-refresh-token  also ask for offline_access and print the refresh token (JSON only)
  -h, --help             this text
`;

const values = parseCommandLine('npm run token', {
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  'authority-host': { type: 'string' },
  json: { type: 'boolean', default: false },
  'include-refresh-token': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values['include-refresh-token'] && !values.json) {
  // A refresh token is a long-lived credential: printed only inside the JSON a script asked for.
  process.stderr.write('npm run token: --include-refresh-token prints the refresh token only with --json; add --json\n');
  process.exit(2);
}

const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
try {
  const settings = resolveClientSettings(await readEnvFile('.env'), process.env, {
    AZURE_TENANT_ID: values.tenant,
    AZURE_AUTHORITY_HOST: values['authority-host'],
  });
  const { tokens } = await getTokenByDeviceCode({
    settings,
    ...(values['client-id'] === undefined ? {} : { clientId: values['client-id'] }),
    offlineAccess: values['include-refresh-token'],
    signal: controller.signal,
    onPrompt: (p) => {
      process.stderr.write(`\n${p.message ?? `To sign in, open ${p.verificationUri} and enter the code ${p.userCode}.`}\n`);
      process.stderr.write(`(code valid for ${Math.round(p.expiresIn / 60)} min; checking every ${p.interval} s; Ctrl-C cancels)\n`);
    },
    onPending: (state, next) => {
      if (state === 'slow_down') process.stderr.write(`the server asked to poll more slowly: now every ${next} s\n`);
    },
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(tokenReport(tokens, values['include-refresh-token']), null, 2)}\n`);
  } else {
    process.stderr.write(`signed in; the access token expires at ${tokens.expiresAt.toISOString()}\n`);
    process.stdout.write(`${tokens.accessToken}\n`);
  }
} catch (error) {
  if (error instanceof ClientError) {
    process.stderr.write(`npm run token: ${error.message}\n`);
    process.exit(error.code === 'cancelled' ? 130 : 1);
  }
  throw error;
}
