/**
 * `npm run sign-in`: the discovering client. From the server's 401 to the authorization
 * server, Authorization Code + PKCE in the browser, then the server's tools over MCP,
 * phase by phase. Works against real Entra and against `npm run dev` unchanged.
 */
import { parseCommandLine } from '../src/shared/parse-command-line.ts';
import { ClientError } from '../src/clients/client-errors.ts';
import { resolveClientSettings } from '../src/clients/client-settings.ts';
import { describePhase } from '../src/clients/describe-phase.ts';
import { openBrowser } from '../src/clients/open-browser.ts';
import { signIn } from '../src/clients/sign-in-flow.ts';
import { readEnvFile } from '../src/shared/env-file.ts';

const HELP = `Usage: npm run sign-in -- [options]

Finds how to sign in from the MCP server itself (its 401 and RFC 9728 metadata), signs
you in in the browser with Authorization Code + PKCE, then calls initialize, tools/list
and whoami. Reads AZURE_CLIENT_ID and SECURE_SERVER_URL from ./.env, then the environment.

It signs in as the app registration's own client id (AZURE_CLIENT_ID), whose redirect
http://localhost:8090/callback is registered on the public-client platform: no secret,
and the scope in the GUID form {clientId}/access_as_user that Entra requires when an app
asks a token for itself.

Options:
  --server <url>       the server's origin or its /mcp URL (default SECURE_SERVER_URL, else http://localhost:8000)
  --client-id <id>     sign in as another client
  --no-browser         print the sign-in URL instead of opening a browser
  --json               print the result as JSON (phases go to stderr)
  -h, --help           this text
`;

const values = parseCommandLine('npm run sign-in', {
  server: { type: 'string' },
  'client-id': { type: 'string' },
  'no-browser': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const log = (text: string): void => {
  (values.json ? process.stderr : process.stdout).write(`${text}\n`);
};
const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
try {
  const settings = resolveClientSettings(await readEnvFile('.env'), process.env, { SECURE_SERVER_URL: values.server });
  const result = await signIn({
    serverUrl: settings.serverUrl,
    clientId: values['client-id'] ?? settings.apiClientId,
    apiClientId: settings.apiClientId,
    clientSecret: settings.clientSecret,
    signal: controller.signal,
    onPhase: (p) => log(describePhase(p)),
    openAuthorizationUrl: async (url) => {
      if (values['no-browser'] || !(await openBrowser(url))) {
        log('   Open the URL above in a browser; waiting for the callback (Ctrl-C cancels)...');
      } else {
        log('   Opened the browser; waiting for the callback (Ctrl-C cancels)...');
      }
    },
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ expires_at: result.expiresAt.toISOString(), claims: result.claims, mcp: result.mcp }, null, 2)}\n`);
  } else {
    log('Signed in and called the server.');
  }
  process.exit(0);
} catch (error) {
  if (error instanceof ClientError) {
    process.stderr.write(`npm run sign-in: ${error.message}\n`);
    process.exit(error.code === 'cancelled' ? 130 : 1);
  }
  throw error;
}
