import { EXIT, type CommandContext, type CommandSpec, type ExitStatus, type FlagSpecs } from '../cli/index.ts';
import { readStackSettings, STACK_FLAGS } from '../connect/stack-settings.ts';
import { graphFor } from '../graph/graph-for.ts';
import { loadScriptSettings } from '../graph/script-settings.ts';
import { doctorJson, doctorText } from './doctor-report.ts';
import { runDoctor } from './run-doctor.ts';

/** `npm run doctor`'s command line. */
export const doctorSpec = {
  name: 'npm run doctor',
  summary: 'Checks, before anyone signs in, what would make sign-in to the MCP server fail, and says how to fix each.',
  details: `For the server in ./.env (MCP_SERVER_URL, AZURE_TENANT_ID, AZURE_CLIENT_ID, MCP_CLIENTS_CLIENT_ID,
AZURE_AUTHORITY_HOST): reads its protected resource metadata and /readyz, Entra's discovery, and (for a
deployed stack) the registrations through Microsoft Graph, read-only; then asks Entra's authorize endpoint
what it thinks of each client's request, without signing in. Exits 1 when something stops sign-in.`,
  json: true,
  flags: {
    ...STACK_FLAGS,
    'graph-url': { type: 'string', valueName: 'url', description: 'Graph base URL (MICROSOFT_GRAPH_URL)' },
    'allow-graph-host': { type: 'string', multiple: true, valueName: 'host', description: "let MICROSOFT_GRAPH_URL name a host that is not Microsoft Graph's: your Graph token goes there" },
    auth: { type: 'string', valueName: 'kind', description: 'azure-cli (default) or default (DefaultAzureCredential); MICROSOFT_GRAPH_TOKEN wins' },
  },
} as const satisfies CommandSpec<FlagSpecs>;

/** The body of `npm run doctor`. */
export async function doctorCommand(ctx: CommandContext<typeof doctorSpec.flags>): Promise<ExitStatus> {
  const { values, io, json } = ctx;
  const settings = await readStackSettings(io, values);
  settings.client.notes.forEach((n) => io.stderr(`${n}\n`));
  const say = (line: string): void => io.stderr(`${line}\n`);
  const openGraph =
    settings.stack === 'local'
      ? undefined
      : () => {
          const graphSettings = loadScriptSettings(settings.dotenv, io.env, {
            ...(settings.tenantId === undefined ? {} : { tenant: settings.tenantId }),
            ...(values['graph-url'] === undefined ? {} : { 'graph-url': values['graph-url'] }),
            ...(values['allow-graph-host'] === undefined ? {} : { 'allow-graph-host': values['allow-graph-host'] }),
            ...(values.auth === undefined ? {} : { auth: values.auth }),
            'authority-host': settings.authorityHost,
          });
          graphSettings.warnings.forEach(say);
          return graphFor(graphSettings, io, say).graph;
        };
  const findings = await runDoctor(settings, { io, progress: say, ...(openGraph === undefined ? {} : { openGraph }) });
  io.stdout(json ? `${JSON.stringify(doctorJson(findings), null, 2)}\n` : doctorText(findings));
  return findings.some((f) => f.status === 'fail') ? EXIT.failed : EXIT.ok;
}
