import { pullEnv, type PulumiCli } from '../env/pull-env.ts';
import { ensureSignedIn } from './ensure-signed-in.ts';
import { prepareStack } from './prepare-stack.ts';
import { runPreflight } from './run-preflight.ts';
import type { ProcessRunner } from './run-process.ts';
import { vscodeServerName, writeVscodeMcpJson } from './vscode-mcp-json.ts';

/** Inputs of {@link runDeploy}. */
export interface DeployOptions {
  readonly run: ProcessRunner;
  readonly envPath: string;
  /** `--stack`; the selected stack when absent, or a new `dev` stack when none is selected. */
  readonly stack?: string | undefined;
  /** The clock; today's date becomes a new stack's `secretRotation`. */
  readonly now: Date;
  /** Pass `--yes` to `pulumi up` (no confirmation prompt: pipelines). */
  readonly yes: boolean;
  /** Only `pulumi preview`: nothing is deployed and nothing written. */
  readonly preview: boolean;
  /** Skip the roles, providers and Docker checks before `up` (e.g. custom roles it cannot judge). */
  readonly skipPreflight: boolean;
  /** Also add the deployed server to this `.vscode/mcp.json` (`--vscode`). */
  readonly vscodeMcpJson?: string | undefined;
  /** Runs `npm run doctor` after `.env` when the project has that script. */
  readonly hasDoctor: boolean;
  /**
   * Check the Azure CLI and Pulumi sign-ins first; `'interactive'` also runs a missing
   * `az login` / `pulumi login` (a person at the terminal). Unset: the caller made sure.
   */
  readonly signIn?: 'check' | 'interactive' | undefined;
  readonly write: (line: string) => void;
}

/** What to do once the server answers, with the deployed URLs. */
export function nextSteps(outputs: { mcpUrl: string }, vscodeWritten: boolean): string[] {
  return [
    'Next:',
    '  npm run -s token                  # a token for the deployed server (Device Code)',
    '  npm run sign-in                   # browser sign-in, then calls whoami',
    vscodeWritten
      ? '  VS Code: open .vscode/mcp.json, press Start on the server, and sign in when asked.'
      : `  VS Code: add an HTTP MCP server with the URL ${outputs.mcpUrl} to .vscode/mcp.json (or rerun with --vscode), then sign in when asked.`,
  ];
}

/**
 * `npm run deploy`: the stack (created and given a `secretRotation` when new), `pulumi up`, then `.env` from the stack outputs (the same checks as
 * `npm run env:pull`: only after a successful update), then `npm run doctor` where it exists,
 * then the next steps. A failed `up` or a preview stops before `.env` is touched.
 *
 * @returns the exit code.
 */
export async function runDeploy(options: DeployOptions): Promise<number> {
  if (options.signIn !== undefined) {
    const problems = await ensureSignedIn({ run: options.run, interactive: options.signIn === 'interactive', write: options.write });
    if (problems.length > 0) {
      for (const problem of problems) options.write(`deploy: ${problem}`);
      return 1;
    }
  }
  const stack = await prepareStack({ run: options.run, stack: options.stack, today: options.now.toISOString().slice(0, 10), write: options.write });
  const stackArgs = ['--stack', stack];
  if (!options.preview && !options.skipPreflight) {
    const image = await options.run('pulumi', ['config', 'get', 'image', ...stackArgs], { capture: true });
    const problems = await runPreflight({ run: options.run, buildsImage: image.code !== 0 || image.stdout.trim() === '', write: options.write });
    if (problems.length > 0) {
      for (const problem of problems) options.write(`deploy: ${problem}`);
      options.write('deploy: nothing was created; fix the above, or pass --skip-preflight');
      return 1;
    }
  }
  const verb = options.preview ? 'preview' : 'up';
  const up = await options.run('pulumi', [verb, ...stackArgs, ...(options.yes && !options.preview ? ['--yes'] : [])], { capture: false });
  if (up.code !== 0) {
    options.write(`deploy: pulumi ${verb} failed (exit ${up.code}); .env left unchanged`);
    return up.code;
  }
  if (options.preview) {
    options.write('deploy: preview only; nothing was deployed and .env was left unchanged');
    return 0;
  }

  const pulumi: PulumiCli = async (args) => {
    const result = await options.run('pulumi', args, { capture: true });
    if (result.code !== 0) throw new Error(`exit ${result.code}`);
    return result.stdout;
  };
  const written = await pullEnv({ pulumi, envPath: options.envPath, stack, withSecret: false });
  options.write(`deploy: wrote ${Object.keys(written).join(', ')} to ${options.envPath}`);
  const outputs = JSON.parse(await pulumi(['stack', 'output', '--json', ...stackArgs])) as { mcpUrl: string; clientId: string };
  if (options.vscodeMcpJson !== undefined) {
    await writeVscodeMcpJson(options.vscodeMcpJson, vscodeServerName(stack), outputs.mcpUrl);
    options.write(`deploy: added "${vscodeServerName(stack)}" (${outputs.mcpUrl}) to ${options.vscodeMcpJson}`);
  }

  if (options.hasDoctor) {
    const doctor = await options.run('npm', ['run', '-s', 'doctor'], { capture: false });
    if (doctor.code !== 0) {
      options.write(`deploy: npm run doctor found problems (exit ${doctor.code}); the stack is deployed and .env written`);
      return doctor.code;
    }
  }
  for (const line of nextSteps(outputs, options.vscodeMcpJson !== undefined)) options.write(line);
  return 0;
}
