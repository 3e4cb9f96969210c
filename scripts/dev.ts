/**
 * `npm run dev`: the embedded default. Starts the local Entra-compatible identity provider
 * and the MCP server wired to it, writes where they are into `.env` (unless `.env` names
 * a real tenant), prints what to try next, and stops both on Ctrl-C or SIGTERM.
 */
import { parseCommandLine } from '../src/shared/parse-command-line.ts';
import { devBanner } from '../src/local-idp/dev-banner.ts';
import { startDevStack } from '../src/local-idp/dev-stack.ts';

const HELP = `Usage: npm run dev -- [options]

Starts a local Entra-compatible identity provider and the MCP server trusting it.

Options:
  --port <n>            MCP server port (env PORT; default 8000)
  --idp-port <n>        identity provider port (env LOCAL_IDP_PORT; default 8010)
  --auto-sign-in <user> automation: sign every request in as this user (adele, alex, megan,
                        an oid or a username) with no pages; device codes are approved at once
                        (env LOCAL_IDP_AUTO_SIGN_IN)
  --no-env-file         do not write AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST,
                        SECURE_SERVER_URL into ./.env (print them instead)
  -h, --help            this text
`;

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number (0-65535), got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const values = parseCommandLine('npm run dev', {
  port: { type: 'string' },
  'idp-port': { type: 'string' },
  'auto-sign-in': { type: 'string' },
  'no-env-file': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const autoSignIn = values['auto-sign-in'] ?? (process.env.LOCAL_IDP_AUTO_SIGN_IN || undefined);
let stack;
try {
  stack = await startDevStack({
    serverPort: port(values.port ?? process.env.PORT, '--port', 8000),
    idpPort: port(values['idp-port'] ?? process.env.LOCAL_IDP_PORT, '--idp-port', 8010),
    ...(values['no-env-file'] ? {} : { envFile: '.env' }),
    ...(autoSignIn === undefined ? {} : { autoSignIn }),
    env: process.env,
    onIdpError: (error) => console.error(`identity provider error: ${error.stack ?? error.message}`),
  });
} catch (error) {
  console.error(`npm run dev: ${(error as Error).message}`);
  process.exit(1);
}
const running = stack;
process.stdout.write(
  devBanner({
    // Since the process started (performance.now() counts from there): node, imports and both listeners.
    seconds: performance.now() / 1000,
    issuer: running.issuer,
    tenantId: running.tenantId,
    clientId: running.clientId,
    serverUrl: running.serverUrl,
    users: running.users,
    envFile: running.envFile,
    autoSignIn: running.autoSignIn,
  }),
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the MCP server and the identity provider\n`);
  await running.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
