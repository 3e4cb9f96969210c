/**
 * `npm run env:pull [-- --stack dev] [--with-secret] [--dotenv path]`: after a successful
 * `pulumi up`, writes the stack outputs into `.env` (docs/provisioning.md).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCommandLine } from '../src/shared/parse-command-line.ts';
import { pullEnv } from '../src/pulumi/env/pull-env.ts';

const run = promisify(execFile);
const values = parseCommandLine('npm run env:pull', {
  stack: { type: 'string' },
  'with-secret': { type: 'boolean', default: false },
  // Not --env-file: Node itself claims that flag even after the script name.
  dotenv: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
});

if (values.help) {
  process.stdout.write('usage: npm run env:pull -- [--stack <name>] [--with-secret] [--dotenv <path>]\n');
  process.exit(0);
}

const envPath = values.dotenv ?? join(process.cwd(), '.env');
try {
  const written = await pullEnv({
    pulumi: async (args) => (await run('pulumi', [...args], { maxBuffer: 16 * 1024 * 1024 })).stdout,
    envPath,
    stack: values.stack,
    withSecret: values['with-secret'],
  });
  for (const [key, value] of Object.entries(written)) {
    process.stdout.write(`${key}=${key === 'AZURE_CLIENT_SECRET' ? `<secret, hint ${value.slice(0, 3)}…>` : value}\n`);
  }
  process.stdout.write(`written to ${envPath} (mode 0600)\n`);
  if (!values['with-secret']) process.stdout.write('AZURE_CLIENT_SECRET not written; add --with-secret if a script needs it.\n');
} catch (error) {
  process.stderr.write(`env:pull: ${(error as Error).message}\n`);
  process.exit(1);
}
