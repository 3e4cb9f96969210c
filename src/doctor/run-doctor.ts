import { entraV2Issuer } from '../../server/src/entra/index.ts';
import type { CommandIo } from '../cli/command-io.ts';
import { timedFetch } from '../clients/timed-fetch.ts';
import type { StackSettings } from '../connect/stack-settings.ts';
import { scopeForClients } from '../connect/sign-in-path.ts';
import type { GraphApi } from '../graph/graph-client.ts';
import { appRegistration } from '../registration/app-registration.ts';
import { knownMcpClients } from '../registration/known-mcp-clients.ts';
import { fixForAadsts } from './aadsts-fixes.ts';
import { classifyAuthorizeAnswer, planAuthorizeProbe } from './authorize-probe.ts';
import { checkMultiTenantIssuer } from './checks/multi-tenant-issuer.ts';
import { checkScopeForm } from './checks/scope-form.ts';
import { checkSelfScope } from './checks/self-scope.ts';
import { checkClock, checkDiscovery, checkMetadata, checkServerReady } from './checks/server-checks.ts';
import { ok, problem, skip, type Finding } from './finding.ts';
import { fetchJson, gatherServer, probeAuthorize } from './gather-server.ts';
import { gatherRegistration, type RegistrationFacts } from './gather-registration.ts';
import { exposedScopesOf, registrationFindings } from './registration-findings.ts';

/** Per request: doctor asks many small things and should not hang on one. */
const DOCTOR_TIMEOUT_MS = 10_000;

/** What doctor needs besides the settings: the io, and Graph for a deployed stack. */
export interface DoctorDeps {
  readonly io: CommandIo;
  /** Opens Graph (read-only use); undefined for the local stack. */
  readonly openGraph?: () => GraphApi;
  readonly progress: (line: string) => void;
}

/**
 * Gathers what the server, Entra and Graph say, and runs every check over it: the I/O is here,
 * each decision in its own pure check.
 */
export async function runDoctor(settings: StackSettings, deps: DoctorDeps): Promise<Finding[]> {
  const fetchImpl = timedFetch(deps.io.fetch ?? fetch, DOCTOR_TIMEOUT_MS);
  const now = deps.io.now?.() ?? new Date();
  const findings: Finding[] = [];
  deps.progress(`doctor: ${settings.mcpUrl} (${settings.stack} stack)`);

  const server = await gatherServer(fetchImpl, settings.mcpUrl, settings.serverUrl);
  findings.push(checkMetadata({ mcpUrl: settings.mcpUrl, metadata: server.metadata.document, ...(server.metadata.error === undefined ? {} : { error: server.metadata.error }) }));
  findings.push(checkServerReady({ status: server.ready.status, ...(server.ready.error === undefined ? {} : { error: server.ready.error }) }));
  findings.push(checkClock({ source: 'the MCP server', dateHeader: server.ready.date ?? server.metadata.date, now }));

  const metadata = server.metadata.document;
  const resource = typeof metadata?.resource === 'string' ? metadata.resource : settings.mcpUrl;
  const servers = Array.isArray(metadata?.authorization_servers) ? (metadata.authorization_servers as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const scopesSupported = Array.isArray(metadata?.scopes_supported) ? (metadata.scopes_supported as unknown[]).filter((s): s is string => typeof s === 'string') : undefined;

  let facts: RegistrationFacts | undefined;
  if (settings.apiClientId === undefined) {
    findings.push(problem('registration', 'fail', 'AZURE_CLIENT_ID is not set', 'run npm run dev (local) or npm run register-app, or set AZURE_CLIENT_ID in .env'));
  } else if (deps.openGraph === undefined) {
    findings.push(skip('registration', "local stack: the local provider's registration is the one description (src/registration), not read from Graph"));
  } else {
    try {
      facts = await gatherRegistration(deps.openGraph(), { apiClientId: settings.apiClientId, clientsClientId: settings.clientsClientId });
      findings.push(ok('registration', `read the API registration ${settings.apiClientId}${settings.clientsClientId === undefined ? '' : ` and the clients registration ${settings.clientsClientId}`} from Graph`));
      findings.push(...registrationFindings(facts, { resource, mcpUrl: settings.mcpUrl, clientsClientId: settings.clientsClientId }));
    } catch (error) {
      findings.push(problem('registration', 'warn', `Graph could not be read: ${(error as Error).message}`, 'sign in with az login (or set MICROSOFT_GRAPH_TOKEN) with Application.Read.All, then run again'));
    }
  }
  if (settings.apiClientId !== undefined) {
    findings.push(checkScopeForm({ scopesSupported, resource, apiClientId: settings.apiClientId, ...(facts === undefined ? {} : exposedScopesOf(facts)) }));
    findings.push(checkSelfScope({ apiClientId: settings.apiClientId, clientsClientId: settings.clientsClientId }));
  }
  if (settings.tenantId !== undefined) {
    findings.push(checkMultiTenantIssuer({ tenantId: settings.tenantId, authorityHost: settings.authorityHost, authorizationServers: servers, signInAudience: facts?.api.signInAudience ?? undefined }));
  }

  const issuer = servers[0] ?? (settings.tenantId === undefined ? undefined : entraV2Issuer(settings.authorityHost, settings.tenantId));
  if (issuer === undefined) {
    findings.push(problem('discovery', 'fail', 'no authorization server: the metadata names none and AZURE_TENANT_ID is not set', 'set AZURE_TENANT_ID'));
    return findings;
  }
  const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  const discovery = await fetchJson(fetchImpl, discoveryUrl);
  findings.push(checkDiscovery({ discoveryUrl, document: discovery.document, ...(discovery.error === undefined ? {} : { error: discovery.error }) }));
  findings.push(checkClock({ source: 'Entra', dateHeader: discovery.date, now }));
  const endpoint = discovery.document?.authorization_endpoint;
  if (typeof endpoint !== 'string') return findings;

  const scope = scopeForClients(scopesSupported, resource, settings.apiClientId, appRegistration.scope.value);
  for (const client of knownMcpClients) {
    const plan = planAuthorizeProbe(client, { authorizationEndpoint: endpoint, mcpUrl: settings.mcpUrl, resource, scope, clientsClientId: settings.clientsClientId, stack: settings.stack });
    if ('skip' in plan) {
      findings.push(skip('sign-in-probe', plan.skip, client.id));
      continue;
    }
    const answer = await probeAuthorize(fetchImpl, plan.url);
    if ('error' in answer) {
      findings.push(problem('sign-in-probe', 'fail', `the authorize endpoint did not answer: ${answer.error}`, 'check AZURE_AUTHORITY_HOST and the network', { client: client.id }));
      continue;
    }
    const verdict = classifyAuthorizeAnswer(answer, plan.redirectUri);
    findings.push(
      verdict.ok
        ? ok('sign-in-probe', `Entra accepts its authorization request (client ${plan.clientId}, redirect ${plan.redirectUri})`, client.id)
        : problem('sign-in-probe', 'fail', verdict.detail, fixForAadsts(verdict.code, plan), { code: verdict.code, client: client.id }),
    );
  }
  return findings;
}
