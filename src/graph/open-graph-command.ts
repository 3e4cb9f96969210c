import { join } from 'node:path';
import type { FlagSpecs } from '../cli/define-command.ts';
import type { CommandContext } from '../cli/run-command.ts';
import { readEnvFile } from '../shared/env-file.ts';
import { setAsideLocalStack } from '../shared/local-authority.ts';
import type { GraphApi } from './graph-client.ts';
import { graphFor } from './graph-for.ts';
import { loadScriptSettings, type ScriptSettings, type SettingFlags } from './script-settings.ts';

/** What both Graph commands have once they are open. */
export interface OpenGraphCommand {
  readonly envPath: string;
  /** `.env` as it is on disk (the local stack's values included). */
  readonly fileEnv: Readonly<Record<string, string>>;
  /** `.env` as read for a real tenant: the local stack's ids set aside. */
  readonly dotenv: Readonly<Record<string, string>>;
  /** Merge into any `.env` update: forgets the local authority `npm run dev` left. */
  readonly forget: { AZURE_AUTHORITY_HOST?: undefined };
  readonly settings: ScriptSettings;
  readonly graph: GraphApi;
  /** The tenant GUID: the configured one, else the signed-in token's `tid`. */
  readonly tenantId: () => Promise<string | undefined>;
}

/**
 * The opening both Graph commands share: read `.env` (`--dotenv`), set aside what the local
 * stack left there and say so, merge and check the settings, print any warning about a host
 * let in by a flag, and build the Graph client. Nothing has been sent anywhere yet.
 *
 * @param command - as printed on the first line, e.g. `rotate-secret`.
 * @param dryRun - adds "(dry run: nothing will change)" to that line.
 */
export async function openGraphCommand<F extends FlagSpecs>(ctx: CommandContext<F>, command: string, dryRun: boolean): Promise<OpenGraphCommand> {
  const flags = ctx.values as SettingFlags & { dotenv?: string };
  const envPath = flags.dotenv ?? join(ctx.io.cwd, '.env');
  const fileEnv = await readEnvFile(envPath);
  const { values: dotenv, forget, note } = setAsideLocalStack(fileEnv, envPath);
  const settings = loadScriptSettings(dotenv, ctx.io.env, flags);
  for (const warning of settings.warnings) ctx.io.stderr(`${warning}\n`);
  if (note !== undefined) ctx.progress(note);
  const { graph, tenantId } = graphFor(settings, ctx.io, ctx.progress);
  ctx.progress(`${command}${dryRun ? ' (dry run: nothing will change)' : ''}: Graph ${settings.graphUrl}`);
  return { envPath, fileEnv, dotenv, forget, settings, graph, tenantId };
}
