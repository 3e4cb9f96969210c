/** Table tests of doctor's checks that read the server, Entra and the settings (no Graph). */
import { describe, expect, it } from 'vitest';
import { classifyAuthorizeAnswer, planAuthorizeProbe } from '../../src/doctor/authorize-probe.ts';
import { checkScopeForm } from '../../src/doctor/checks/scope-form.ts';
import { checkSelfScope } from '../../src/doctor/checks/self-scope.ts';
import { checkClock, checkDiscovery, checkMetadata, checkServerReady } from '../../src/doctor/checks/server-checks.ts';
import { checkMultiTenantIssuer } from '../../src/doctor/checks/multi-tenant-issuer.ts';
import { codex, geminiCli } from '../../src/registration/known-mcp-clients/agent-clis.ts';
import { vscode } from '../../src/registration/known-mcp-clients/editor-clients.ts';
import { mcporter } from '../../src/registration/known-mcp-clients/developer-tools.ts';
import { VSCODE_CLIENT_ID } from '../../src/registration/app-registration.ts';
import { codexCallbackId } from '../../src/registration/known-mcp-clients.ts';

const API = '11111111-2222-4333-8444-555555555555';
const CLIENTS = '99999999-2222-4333-8444-555555555555';
const MCP = 'https://mcp.contoso.com/mcp';

describe('checkScopeForm', () => {
  it.each([
    { scopes: [`${MCP}/access_as_user`], status: 'ok' },
    { scopes: [`api://${API}/access_as_user`, 'offline_access'], status: 'ok' },
    { scopes: ['access_as_user'], status: 'fail', code: 'AADSTS65005' },
    { scopes: ['openid', 'profile'], status: 'fail' },
    { scopes: undefined, status: 'fail' },
    { scopes: [`${API}/access_as_user`], status: 'warn' },
    { scopes: ['api://other/access_as_user'], identifierUris: [`api://${API}`], status: 'fail', code: 'AADSTS500011' },
    { scopes: [`api://${API}/access_as_user`], identifierUris: [`api://${API}`, MCP], status: 'warn' },
  ])('$scopes → $status', ({ scopes, status, code, identifierUris }) => {
    const finding = checkScopeForm({ scopesSupported: scopes, resource: MCP, apiClientId: API, ...(identifierUris === undefined ? {} : { identifierUris }) });
    expect(finding.status).toBe(status);
    if (code !== undefined) expect(finding.code).toBe(code);
  });
});

describe('checkSelfScope', () => {
  it('fails when clients are given the API itself (AADSTS90009), warns when no clients id, passes otherwise', () => {
    expect(checkSelfScope({ apiClientId: API, clientsClientId: API })).toMatchObject({ status: 'fail', code: 'AADSTS90009' });
    expect(checkSelfScope({ apiClientId: API, clientsClientId: undefined })).toMatchObject({ status: 'warn' });
    expect(checkSelfScope({ apiClientId: API, clientsClientId: CLIENTS }).status).toBe('ok');
  });
});

describe('server checks', () => {
  it('readyz: 200 ok, 503 and no answer fail', () => {
    expect(checkServerReady({ status: 200 }).status).toBe('ok');
    expect(checkServerReady({ status: 503 }).status).toBe('fail');
    expect(checkServerReady({ status: undefined, error: 'ECONNREFUSED' })).toMatchObject({ status: 'fail', summary: expect.stringContaining('ECONNREFUSED') });
  });

  it('clock: within 300 s ok, beyond fails naming the direction, no Date header skips', () => {
    const now = new Date('2026-12-03T08:00:00Z');
    expect(checkClock({ source: 'Entra', dateHeader: 'Thu, 03 Dec 2026 08:04:59 GMT', now }).status).toBe('ok');
    expect(checkClock({ source: 'Entra', dateHeader: 'Thu, 03 Dec 2026 08:05:01 GMT', now })).toMatchObject({ status: 'fail', summary: expect.stringContaining('301 s behind') });
    expect(checkClock({ source: 'Entra', dateHeader: 'Thu, 03 Dec 2026 07:50:00 GMT', now })).toMatchObject({ status: 'fail', summary: expect.stringContaining('ahead of') });
    expect(checkClock({ source: 'Entra', dateHeader: null, now }).status).toBe('skip');
  });

  it('metadata: its resource must be the URL called (RFC 9728 §3.3)', () => {
    expect(checkMetadata({ mcpUrl: MCP, metadata: { resource: MCP, authorization_servers: ['https://login.microsoftonline.com/t/v2.0'] } }).status).toBe('ok');
    expect(checkMetadata({ mcpUrl: MCP, metadata: { resource: 'http://localhost:8000/mcp', authorization_servers: ['x'] } }).status).toBe('fail');
    expect(checkMetadata({ mcpUrl: MCP, metadata: { resource: MCP, authorization_servers: [] } }).status).toBe('fail');
    expect(checkMetadata({ mcpUrl: MCP, metadata: undefined, error: '404' }).status).toBe('fail');
  });

  it('discovery: says when the tenant offers Client ID Metadata Documents', () => {
    const doc = { authorization_endpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize' };
    expect(checkDiscovery({ discoveryUrl: 'u', document: doc }).summary).not.toContain('Client ID Metadata');
    expect(checkDiscovery({ discoveryUrl: 'u', document: { ...doc, client_id_metadata_document_supported: true } }).summary).toContain('Client ID Metadata Documents');
    expect(checkDiscovery({ discoveryUrl: 'u', document: {} }).status).toBe('fail');
  });

  it('issuer: the tenant issuer passes, another tenant fails, organizations warns', () => {
    const host = 'https://login.microsoftonline.com';
    expect(checkMultiTenantIssuer({ tenantId: API, authorityHost: host, authorizationServers: [`${host}/${API}/v2.0`], signInAudience: 'AzureADMyOrg' }).status).toBe('ok');
    expect(checkMultiTenantIssuer({ tenantId: API, authorityHost: host, authorizationServers: [`${host}/${CLIENTS}/v2.0`], signInAudience: undefined }).status).toBe('fail');
    expect(checkMultiTenantIssuer({ tenantId: 'organizations', authorityHost: host, authorizationServers: [`${host}/organizations/v2.0`], signInAudience: 'AzureADMultipleOrgs' }).status).toBe('warn');
  });
});

describe('authorize probe', () => {
  const ctx = { authorizationEndpoint: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize', mcpUrl: MCP, resource: MCP, scope: `${MCP}/access_as_user`, clientsClientId: CLIENTS, stack: 'deployed' as const };

  it("plans each client's own request: its id, its redirect (Codex's per-server path, a port on loopback), resource", () => {
    const plan = planAuthorizeProbe(codex, ctx);
    if ('skip' in plan) throw new Error(plan.skip);
    const url = new URL(plan.url);
    expect(url.searchParams.get('client_id')).toBe(CLIENTS);
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:49200/callback/${codexCallbackId(MCP)}`);
    expect(url.searchParams.get('resource')).toBe(MCP);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const vs = planAuthorizeProbe(vscode, ctx);
    expect('skip' in vs ? undefined : new URL(vs.url).searchParams.get('client_id')).toBe(VSCODE_CLIENT_ID);
    expect(planAuthorizeProbe({ ...mcporter, signIn: { kind: 'proxy-only', why: 'registers itself only' } }, ctx)).toEqual({ skip: 'signs in through proxy mode only' });
    expect(planAuthorizeProbe(geminiCli, { ...ctx, clientsClientId: undefined })).toEqual({ skip: 'MCP_CLIENTS_CLIENT_ID is not set' });
  });

  const redirect = 'http://localhost:49200/oauth/callback';
  it.each([
    { name: 'a redirect to the sign-in page', answer: { status: 302, location: 'https://login.microsoftonline.com/t/login?sso_reload=true', body: '' }, ok: true },
    { name: 'a 200 sign-in form', answer: { status: 200, location: null, body: '<form id="i0281"><input name="loginfmt"></form>' }, ok: true },
    { name: "Entra's error page (50011)", answer: { status: 200, location: null, body: '<div>AADSTS50011: The redirect URI &#39;x&#39; specified in the request does not match. More.</div>' }, ok: false, code: 'AADSTS50011' },
    { name: 'a 400 error page (700016)', answer: { status: 400, location: null, body: '<p id="error">AADSTS700016: Application with identifier &#39;x&#39; was not found.</p>' }, ok: false, code: 'AADSTS700016' },
    {
      name: 'an error sent back to the redirect URI (9010010)',
      answer: { status: 302, location: `${redirect}?error=invalid_target&error_description=${encodeURIComponent("AADSTS9010010: The resource parameter provided in the request doesn't match with the requested scopes.\r\nTrace ID: t")}&state=s`, body: '' },
      ok: false,
      code: 'AADSTS9010010',
    },
    { name: 'a code sent back (already signed in)', answer: { status: 302, location: `${redirect}?code=abc&state=s`, body: '' }, ok: true },
    { name: 'a 500 without a code', answer: { status: 500, location: null, body: 'oops' }, ok: false, code: 'HTTP 500' },
  ])('$name', ({ answer, ok, code }) => {
    const verdict = classifyAuthorizeAnswer(answer, redirect);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) {
      expect(verdict.code).toBe(code);
      expect(verdict.detail).not.toMatch(/&#39;|\r|Trace ID/);
    }
  });
});
