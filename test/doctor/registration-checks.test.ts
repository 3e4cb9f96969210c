/**
 * One test per registration check of `npm run doctor`: each starts from a registration that is
 * right (the one description plus the MCP URL as identifier URI and the "entra-mcp clients"
 * registration), breaks it in one way in the Graph stand-in, and expects exactly that check to
 * fail, with Entra's code; the unbroken one passes every check.
 */
import type { Application } from '@microsoft/microsoft-graph-types';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkMultiTenantIssuer } from '../../src/doctor/checks/multi-tenant-issuer.ts';
import { checkScopeForm } from '../../src/doctor/checks/scope-form.ts';
import type { Finding } from '../../src/doctor/finding.ts';
import { gatherRegistration } from '../../src/doctor/gather-registration.ts';
import { exposedScopesOf, registrationFindings } from '../../src/doctor/registration-findings.ts';
import { createGraphClient } from '../../src/graph/graph-client.ts';
import { appRegistration, AZURE_CLI_CLIENT_ID, VSCODE_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { createStandIn, type StandIn } from '../graph/stand-in.ts';
import { seedCorrectRegistration } from './seed-registration.ts';

const MCP_URL = 'https://mcp.contoso.com/mcp';
const SCOPE = appRegistration.scope;
const USER_CONSENT = { defaultUserRolePermissions: { permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low'] } };

interface World {
  standIn: StandIn;
  api: Application;
  clients: Application;
  /** What GET /policies/authorizationPolicy answers; undefined: the stand-in's 400 for an unknown segment. */
  policy: unknown;
  tenant: string;
}
let w: World;

beforeEach(() => {
  const standIn = createStandIn();
  const { api, clients } = seedCorrectRegistration(standIn, MCP_URL);
  w = { standIn, api, clients, policy: USER_CONSENT, tenant: standIn.directory.tenantId };
});

async function findings(): Promise<Finding[]> {
  const fetchWithPolicy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname === '/v1.0/policies/authorizationPolicy' && w.policy !== undefined) {
      return Response.json({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/authorizationPolicy/$entity', ...(w.policy as object) });
    }
    return w.standIn.fetch(request);
  }) as typeof fetch;
  const graph = createGraphClient({ graphUrl: 'https://graph.microsoft.com', getAccessToken: async () => w.standIn.directory.graphToken, fetch: fetchWithPolicy, sleep: async () => undefined });
  const facts = await gatherRegistration(graph, { apiClientId: w.api.appId as string, clientsClientId: w.clients.appId as string });
  return [
    ...registrationFindings(facts, { resource: MCP_URL, mcpUrl: MCP_URL, clientsClientId: w.clients.appId as string }),
    checkScopeForm({ scopesSupported: [`${MCP_URL}/${SCOPE.value}`], resource: MCP_URL, apiClientId: w.api.appId as string, ...exposedScopesOf(facts) }),
    checkMultiTenantIssuer({ tenantId: w.tenant, authorityHost: 'https://login.microsoftonline.com', authorizationServers: [`https://login.microsoftonline.com/${w.tenant}/v2.0`], signInAudience: facts.api.signInAudience ?? undefined }),
  ];
}

const failing = (all: Finding[]) => all.filter((f) => f.status === 'fail').map((f) => ({ check: f.check, code: f.code, client: f.client }));

describe('doctor registration checks (Graph stand-in)', () => {
  it('a correct registration passes every check', async () => {
    const all = await findings();
    expect(all.filter((f) => f.status !== 'ok')).toEqual([]);
    expect(all.length).toBeGreaterThan(10);
  });

  const breakages: { name: string; breakIt: () => void; expected: { check: string; code?: string; client?: string }; alsoFails?: string[] }[] = [
    { name: 'v1 tokens (requestedAccessTokenVersion null)', breakIt: () => void (w.api.api!.requestedAccessTokenVersion = null), expected: { check: 'token-version' } },
    { name: 'the MCP URL is not an identifier URI', breakIt: () => void (w.api.identifierUris = [`api://${w.api.appId}`]), expected: { check: 'resource-identifier-uri', code: 'AADSTS9010010' }, alsoFails: ['scope-form'] },
    { name: 'the identifier URI has a trailing slash', breakIt: () => void (w.api.identifierUris = [`api://${w.api.appId}`, `${MCP_URL}/`]), expected: { check: 'resource-identifier-uri', code: 'AADSTS9010010' }, alsoFails: ['scope-form'] },
    { name: 'no service principal', breakIt: () => w.standIn.directory.servicePrincipals.clear(), expected: { check: 'service-principal', code: 'AADSTS500011' } },
    {
      name: 'VS Code not pre-authorized',
      breakIt: () => void (w.api.api!.preAuthorizedApplications = w.api.api!.preAuthorizedApplications!.filter((p) => p.appId !== VSCODE_CLIENT_ID)),
      expected: { check: 'pre-authorization', code: 'AADSTS65001' },
    },
    {
      name: 'Azure CLI pre-authorized for another scope',
      breakIt: () => void (w.api.api!.preAuthorizedApplications!.find((p) => p.appId === AZURE_CLI_CLIENT_ID)!.delegatedPermissionIds = ['00000000-0000-0000-0000-000000000001']),
      expected: { check: 'pre-authorization', code: 'AADSTS65001' },
    },
    {
      name: "Codex's per-server callback missing on the clients registration",
      breakIt: () => void (w.clients.publicClient = { redirectUris: w.clients.publicClient!.redirectUris!.filter((u) => !u.includes('/callback/')) }),
      expected: { check: 'client-redirect-uri', code: 'AADSTS50011', client: 'codex' },
    },
    {
      name: "claude.ai's callbacks on Mobile and desktop instead of Web",
      breakIt: () => {
        w.clients.publicClient = { redirectUris: [...w.clients.publicClient!.redirectUris!, ...w.clients.web!.redirectUris!] };
        w.clients.web = { redirectUris: [] };
      },
      expected: { check: 'client-redirect-uri', code: 'AADSTS7000218', client: 'claude-ai' },
    },
    { name: 'the scope is not exposed', breakIt: () => void (w.api.api!.oauth2PermissionScopes![0]!.value = 'user_impersonation'), expected: { check: 'scope-form', code: 'AADSTS65005' } },
    {
      name: 'users cannot consent and the clients registration is not pre-authorized',
      alsoFails: ['pre-authorization'],
      breakIt: () => {
        w.policy = { defaultUserRolePermissions: { permissionGrantPoliciesAssigned: [] } };
        w.api.api!.preAuthorizedApplications = w.api.api!.preAuthorizedApplications!.filter((p) => p.appId !== w.clients.appId);
      },
      expected: { check: 'consent-policy', code: 'AADSTS90094' },
    },
    {
      name: 'multi-tenant tenant setting with a single-tenant registration',
      breakIt: () => void (w.tenant = 'organizations'),
      expected: { check: 'issuer', code: 'AADSTS50194' },
    },
  ];

  for (const { name, breakIt, expected, alsoFails = [] } of breakages) {
    it(`finds: ${name}`, async () => {
      breakIt();
      const failed = failing(await findings());
      // Only the broken thing fails, plus what rightly follows from it (a scope under a URI that
      // is no identifier URI; a clients registration that is not pre-authorized).
      expect([...new Set(failed.map((f) => f.check))].sort()).toEqual([expected.check, ...alsoFails].sort());
      expect(failed).toContainEqual({ check: expected.check, code: expected.code, client: expected.client });
    });
  }

  it('a consent policy Graph will not show is a skip, not a failure', async () => {
    w.policy = undefined;
    const consent = (await findings()).find((f) => f.check === 'consent-policy');
    expect(consent).toMatchObject({ status: 'skip' });
  });
});
