import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCommandLine } from '../../shared/parse-command-line.ts';
import { runDeploy } from './run-deploy.ts';
import { runProcess } from './run-process.ts';

const USAGE = 'usage: npm run deploy -- [--stack <name>] [--yes] [--preview] [--skip-preflight] [--vscode] [--dotenv <path>]\n';

/** `npm run deploy`: reads the flags, wires the real process runner, returns the exit code. */
export async function deployCommand(): Promise<number> {
  const values = parseCommandLine('npm run deploy', {
    stack: { type: 'string' }, yes: { type: 'boolean', default: false }, preview: { type: 'boolean', default: false },
    'skip-preflight': { type: 'boolean', default: false }, vscode: { type: 'boolean', default: false }, dotenv: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const manifest = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  try {
    return await runDeploy({
      run: runProcess, now: new Date(), envPath: values.dotenv ?? join(process.cwd(), '.env'), stack: values.stack, yes: values.yes,
      preview: values.preview, vscodeMcpJson: values.vscode ? join(process.cwd(), '.vscode', 'mcp.json') : undefined, skipPreflight: values['skip-preflight'], hasDoctor: 'doctor' in (manifest.scripts ?? {}), write: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (error) {
    process.stderr.write(`deploy: ${(error as Error).message}\n`);
    return 1;
  }
}
