import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXIT } from '../../cli/command-error.ts';
import type { CommandIo } from '../../cli/command-io.ts';
import type { CommandSpec, FlagSpecs } from '../../cli/define-command.ts';
import { runCommand } from '../../cli/run-command.ts';
import { pullEnv, type PulumiCli } from './pull-env.ts';

export const envPullSpec = {
  name: 'npm run env:pull',
  summary: 'After a successful `pulumi up`, writes the stack outputs into .env.',
  details: `Writes AZURE_TENANT_ID, AZURE_CLIENT_ID and MCP_SERVER_URL (mode 0600, other lines kept), and
forgets the local authority npm run dev left there. Nothing is written unless the stack's last
update succeeded. Needs the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/).`,
  flags: {
    stack: { type: 'string', valueName: 'name', description: 'the stack (default: the selected one)' },
    'with-secret': { type: 'boolean', description: 'also write AZURE_CLIENT_SECRET (decrypts the stack output)' },
    // Not --env-file: Node itself claims that flag even after the script name.
    dotenv: { type: 'string', valueName: 'path', description: 'the .env file to write (default ./.env)' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

const run = promisify(execFile);

/** The real Pulumi CLI: `pulumi <args>` on PATH, its stdout. */
export const pulumiOnPath: PulumiCli = async (args) => (await run('pulumi', [...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;

/** `npm run env:pull`. Returns the exit status; `pulumi` is injected so tests need no Pulumi CLI. */
export function runEnvPull(argv: readonly string[], io: CommandIo, pulumi: PulumiCli = pulumiOnPath): Promise<number> {
  return runCommand(envPullSpec, argv, io, async ({ values }) => {
    const envPath = values.dotenv ?? join(io.cwd, '.env');
    const withSecret = values['with-secret'] === true;
    const written = await pullEnv({ pulumi, envPath, stack: values.stack, withSecret });
    for (const [key, value] of Object.entries(written)) {
      io.stdout(`${key}=${key === 'AZURE_CLIENT_SECRET' ? `<secret, hint ${value.slice(0, 3)}…>` : value}\n`);
    }
    io.stdout(`written to ${envPath} (mode 0600)\n`);
    if (!withSecret) io.stdout('AZURE_CLIENT_SECRET not written; add --with-secret if a script needs it.\n');
    return EXIT.ok;
  });
}
