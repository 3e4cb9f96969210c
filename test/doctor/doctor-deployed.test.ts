/**
 * `npm run doctor` for a deployed stack, in-process: Graph and Entra's discovery from the Graph
 * stand-in, a server that publishes its metadata, and an authorize endpoint that shows the
 * sign-in page. Checks the command's wiring: the registrations are read through Graph (GETs
 * only), their findings are reported, and the exit status follows them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run-command.ts';
import { doctorCommand, doctorSpec } from '../../src/doctor/doctor-command.ts';
import type { Finding } from '../../src/doctor/finding.ts';
import { appRegistration } from '../../src/registration/app-registration.ts';
import { createStandIn } from '../graph/stand-in.ts';
import { seedCorrectRegistration } from './seed-registration.ts';

const SERVER = 'https://mcp.contoso.com';
const MCP = `${SERVER}/mcp`;

async function doctorDeployed(breakIt: (api: ReturnType<typeof seedCorrectRegistration>['api']) => void = () => undefined) {
  const standIn = createStandIn();
  const { api, clients } = seedCorrectRegistration(standIn, MCP);
  breakIt(api);
  const tenant = standIn.directory.tenantId;
  const issuer = `https://login.microsoftonline.com/${tenant}/v2.0`;
  const requests: string[] = [];
  const fetchAll = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push(`${request.method} ${url.origin}${url.pathname}`);
    const date = { date: new Date().toUTCString() };
    if (url.origin === SERVER && url.pathname === '/.well-known/oauth-protected-resource/mcp') {
      return Response.json({ resource: MCP, authorization_servers: [issuer], scopes_supported: [`${MCP}/${appRegistration.scope.value}`] }, { headers: date });
    }
    if (url.origin === SERVER && url.pathname === '/readyz') return Response.json({ ready: true }, { headers: date });
    if (url.pathname.endsWith('/oauth2/v2.0/authorize')) return new Response('<form><input name="loginfmt"></form>', { status: 200, headers: { 'content-type': 'text/html', ...date } });
    return standIn.fetch(request);
  }) as typeof fetch;
  const dir = mkdtempSync(join(tmpdir(), 'doctor-deployed-'));
  writeFileSync(join(dir, '.env'), `AZURE_TENANT_ID=${tenant}\nAZURE_CLIENT_ID=${api.appId}\nMCP_CLIENTS_CLIENT_ID=${clients.appId}\nMCP_SERVER_URL=${SERVER}\n`);
  let out = '';
  const env = { MICROSOFT_GRAPH_TOKEN: standIn.directory.graphToken, MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com' };
  const status = await runCommand(doctorSpec, ['--json'], { cwd: dir, env, stdout: (t) => void (out += t), stderr: () => undefined, fetch: fetchAll, sleep: async () => undefined }, doctorCommand);
  return { status, findings: (JSON.parse(out) as { findings: Finding[] }).findings, requests };
}

describe('npm run doctor, deployed stack', () => {
  it('reads the registrations through Graph with GETs only and passes a correct one (exit 0)', async () => {
    const { status, findings, requests } = await doctorDeployed();
    expect(findings.filter((f) => f.status === 'fail' || f.status === 'warn')).toEqual([]);
    expect(status).toBe(0);
    expect(findings.find((f) => f.check === 'registration')?.status).toBe('ok');
    expect(findings.filter((f) => f.check === 'sign-in-probe' && f.status === 'ok').map((f) => f.client)).toContain('claude-ai');
    expect(requests.filter((r) => r.includes('graph.microsoft.com')).every((r) => r.startsWith('GET '))).toBe(true);
  });

  it('a registration without the MCP URL as identifier URI: AADSTS9010010 and exit 1', async () => {
    const { status, findings } = await doctorDeployed((api) => void (api.identifierUris = [`api://${api.appId}`]));
    expect(status).toBe(1);
    expect(findings.find((f) => f.check === 'resource-identifier-uri')).toMatchObject({ status: 'fail', code: 'AADSTS9010010' });
  });
});
