import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CommandError } from '../cli/command-error.ts';
import { writeFileAtomic } from '../shared/env-file.ts';
import type { ClientSetup } from './client-setup.ts';
import { mergeJsonConfig, type MergeOutcome } from './merge-json-config.ts';
import { CLIENT_ID_PLACEHOLDER } from './sign-in-path.ts';

/**
 * `--write`: merges the client's entry into its project-level JSON file under `projectRoot`,
 * atomically (temporary file, fsync, rename), keeping the file's mode. Refuses clients whose
 * convention is not a project file, entries still holding a placeholder, and unreadable files.
 */
export async function writeClientConfig(setup: ClientSetup, projectRoot: string): Promise<{ path: string; outcome: MergeOutcome }> {
  const target = setup.jsonFile;
  if (target === undefined || !target.project) {
    throw new CommandError('USAGE', `${setup.client} has no project-level config file to write`, ['Use the printed command or settings instead (run without --write).']);
  }
  if (JSON.stringify(target.entry).includes(CLIENT_ID_PLACEHOLDER)) {
    throw new CommandError('INVALID_SETTINGS', `MCP_CLIENTS_CLIENT_ID is not set, so the entry for ${setup.client} has no client id; nothing was written`, [
      'Run `npm run register-app` (or `pulumi up`), put MCP_CLIENTS_CLIENT_ID in .env, or pass --clients-client-id.',
    ]);
  }
  const path = join(projectRoot, target.location);
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new CommandError('CONFIG_UNREADABLE', `cannot read ${path}: ${error.message}`);
  });
  const { text, outcome } = mergeJsonConfig(existing, { file: path, serversKey: target.serversKey, name: target.name, entry: target.entry });
  if (outcome === 'unchanged') return { path, outcome };
  const mode = existing === undefined ? 0o644 : (await stat(path)).mode & 0o777;
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text, mode);
  return { path, outcome };
}
