import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandIo } from '../../cli/command-io.ts';
import type { CommandSpec, FlagSpecs } from '../../cli/define-command.ts';
import { runCommand } from '../../cli/run-command.ts';
import { runDeploy } from './run-deploy.ts';
import { runProcess } from './run-process.ts';

export const deploySpec = {
  name: 'npm run deploy',
  summary: 'Signs in to Azure and Pulumi when needed, checks the subscription, runs pulumi up (the server image is built and pushed in the same update), writes .env, then says what to do next.',
  details: `.env is written only after a successful update, never from a failed one or a preview.
pulumi up alone keeps working for pipelines (then npm run env:pull). See docs/provisioning.md.`,
  flags: {
    stack: { type: 'string', valueName: 'name', description: 'the Pulumi stack to select or create (default: the selected one, else dev)' },
    yes: { type: 'boolean', description: 'run pulumi up without its confirmation prompt' },
    preview: { type: 'boolean', description: 'pulumi preview only: builds nothing, pushes nothing, writes nothing' },
    'skip-preflight': { type: 'boolean', description: 'skip the role, resource-provider and Docker checks' },
    vscode: { type: 'boolean', description: 'add the deployed server to .vscode/mcp.json' },
    dotenv: { type: 'string', valueName: 'path', description: 'the .env file to write (default ./.env)' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** `npm run deploy`: wires the real process runner into `runDeploy`; returns the exit status. */
export function runDeployCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand(deploySpec, argv, io, async ({ values }) => {
    const manifest = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
    const status = await runDeploy({
      run: runProcess, now: io.now?.() ?? new Date(), envPath: values.dotenv ?? join(io.cwd, '.env'), stack: values.stack, yes: values.yes === true,
      preview: values.preview === true, vscodeMcpJson: values.vscode === true ? join(io.cwd, '.vscode', 'mcp.json') : undefined,
      skipPreflight: values['skip-preflight'] === true, signIn: io.stdoutIsTerminal === true && process.stdin.isTTY ? 'interactive' : 'check', hasDoctor: 'doctor' in (manifest.scripts ?? {}), write: (line) => io.stdout(`${line}\n`),
    });
    return status === 0 ? 0 : 1;
  });
}
