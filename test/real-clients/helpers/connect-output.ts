/**
 * `npm run connect -- <client> --json`, run in-process against a running dev stack: the
 * environment is exactly the `.env` lines `npm run dev` writes, so the tests use what a
 * person following `connect` would paste, not flags written by hand.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/cli/index.ts';
import type { ClientSetup } from '../../../src/connect/client-setup.ts';
import { connectCommand, connectSpec } from '../../../src/connect/connect-command.ts';
import type { DevStack } from '../../../src/local-idp/dev-stack.ts';

/** The `.env` values the stack would write (the stack is started without an env file). */
export function stackEnv(stack: DevStack): Record<string, string> {
  if (stack.envFile.written) throw new Error('start the stack without envFile: the tests read its values, not a file');
  return stack.envFile.exports;
}

/** Runs `connect <client> --json` with the stack's values as the environment; throws on a non-zero exit. */
export async function connectJson(stack: DevStack, client: string, extra: readonly string[] = []): Promise<ClientSetup> {
  const cwd = await mkdtemp(join(tmpdir(), 'entra-mcp-connect-'));
  let out = '';
  let err = '';
  const status = await runCommand(connectSpec, [client, '--json', ...extra], { cwd, env: stackEnv(stack), stdout: (t) => void (out += t), stderr: (t) => void (err += t) }, connectCommand);
  if (status !== 0) throw new Error(`connect ${client} exited ${status}: ${err}`);
  return JSON.parse(out) as ClientSetup;
}
