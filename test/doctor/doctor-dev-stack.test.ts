/**
 * `npm run doctor` end to end against `npm run dev`'s stack (local provider + server on free
 * ports): the server is ready, the local registration is not read from Graph, and each probe
 * reports what the local provider, answering as Entra does, said to that client's request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../../src/cli/command-io.ts';
import { runCommand } from '../../src/cli/run-command.ts';
import { connectCommand, connectSpec } from '../../src/connect/connect-command.ts';
import { doctorCommand, doctorSpec } from '../../src/doctor/doctor-command.ts';
import type { Finding } from '../../src/doctor/finding.ts';
import { startDevStack, type DevStack } from '../../src/local-idp/dev-stack.ts';

let stack: DevStack;
beforeAll(async () => {
  stack = await startDevStack({ idpPort: 0, serverPort: 0, env: { LOG_LEVEL: 'silent' } });
});
afterAll(() => stack.close());

/** A project directory whose .env is what `npm run dev` writes, plus `extra`. */
function project(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  const values = { AZURE_TENANT_ID: stack.tenantId, AZURE_CLIENT_ID: stack.clientId, AZURE_AUTHORITY_HOST: stack.authorityHost, MCP_SERVER_URL: stack.serverUrl, ...extra };
  writeFileSync(join(dir, '.env'), Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
  return dir;
}

async function doctor(cwd: string): Promise<{ status: number; findings: Finding[]; text: string }> {
  let out = '';
  const io: CommandIo = { cwd, env: {}, stdout: (t) => void (out += t), stderr: () => undefined };
  const status = await runCommand(doctorSpec, ['--json'], io, doctorCommand);
  const report = JSON.parse(out) as { ok: boolean; findings: Finding[] };
  let text = '';
  await runCommand(doctorSpec, [], { ...io, stdout: (t) => void (text += t) }, doctorCommand);
  expect(report.ok).toBe(status === 0);
  return { status, findings: report.findings, text };
}

const find = (findings: Finding[], check: string, client?: string) => findings.find((f) => f.check === check && f.client === client);

describe('npm run doctor against npm run dev', () => {
  it('reports the server ready, its metadata and the clock, and skips Graph for the local stack', async () => {
    const { findings, text } = await doctor(project());
    expect(find(findings, 'readyz')?.status).toBe('ok');
    expect(find(findings, 'metadata')?.status).toBe('ok');
    expect(find(findings, 'clock')?.status).toBe('ok');
    expect(find(findings, 'discovery')?.status).toBe('ok');
    expect(find(findings, 'issuer')?.status).toBe('ok');
    expect(find(findings, 'registration')).toMatchObject({ status: 'skip' });
    expect(text).toMatch(/^✅ readyz: the server is ready/m);
  });

  it("VS Code's probe: ✅ when the provider accepts the MCP URL as resource, else AADSTS9010010 with the identifier-URI fix", async () => {
    const { findings } = await doctor(project());
    const vscode = find(findings, 'sign-in-probe', 'vscode');
    // Ask the provider directly what it makes of a resource it does not know: the probe must agree.
    const metadata = (await (await fetch(`${stack.serverUrl.replace(/\/$/, '')}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; scopes_supported: string[] };
    const scopeUnderResource = metadata.scopes_supported.some((s) => s.startsWith(`${metadata.resource}/`));
    if (scopeUnderResource) expect(vscode?.status).toBe('ok');
    else expect(vscode).toMatchObject({ status: 'fail', code: 'AADSTS9010010', fix: expect.stringContaining(`add "${metadata.resource}" to the API registration's identifier URIs`) });
  });

  it('a clients registration the tenant does not know: every configurable client gets AADSTS700016, exit 1', async () => {
    const { status, findings, text } = await doctor(project({ MCP_CLIENTS_CLIENT_ID: '0f1e2d3c-4b5a-4968-8776-655443322110' }));
    expect(status).toBe(1);
    for (const client of ['claude-code', 'cursor', 'codex', 'goose', 'gemini-cli', 'mcp-inspector', 'mcp-remote', 'mcporter']) {
      expect(find(findings, 'sign-in-probe', client)).toMatchObject({ status: 'fail', code: 'AADSTS700016', fix: expect.stringContaining('0f1e2d3c-4b5a-4968-8776-655443322110') });
    }
    expect(find(findings, 'sign-in-probe', 'claude-ai')).toMatchObject({ status: 'skip' });
    expect(text).toMatch(/^❌ sign-in-probe: \[claude-code\] AADSTS700016 /m);
  });

  it("the API's own id given to clients: AADSTS90009 where its redirect URI fits, AADSTS50011 where it does not", async () => {
    const { status, findings } = await doctor(project({ MCP_CLIENTS_CLIENT_ID: stack.clientId }));
    expect(status).toBe(1);
    expect(find(findings, 'clients-registration')).toMatchObject({ status: 'fail', code: 'AADSTS90009' });
    // Claude Code's http://localhost/callback matches the API's own sign-in redirect (loopback port ignored): then the scope form fails.
    expect(find(findings, 'sign-in-probe', 'claude-code')).toMatchObject({ status: 'fail', code: 'AADSTS90009' });
    expect(find(findings, 'sign-in-probe', 'gemini-cli')).toMatchObject({ status: 'fail', code: 'AADSTS50011', fix: expect.stringContaining('http://localhost:49200/oauth/callback') });
  });

  it('npm run connect reads the scope from the running server\'s metadata', async () => {
    let out = '';
    const cwd = project({ MCP_CLIENTS_CLIENT_ID: '0f1e2d3c-4b5a-4968-8776-655443322110' });
    expect(await runCommand(connectSpec, ['cursor', '--json'], { cwd, env: {}, stdout: (t) => void (out += t), stderr: () => undefined }, connectCommand)).toBe(0);
    const metadata = (await (await fetch(`${stack.serverUrl}/.well-known/oauth-protected-resource/mcp`)).json()) as { resource: string; scopes_supported: string[] };
    const setup = JSON.parse(out) as { jsonFile: { entry: { url: string; auth: { scopes: string[] } } } };
    expect(setup.jsonFile.entry.url).toBe(metadata.resource);
    expect(metadata.scopes_supported).toContain(setup.jsonFile.entry.auth.scopes[0]);
  });
});
