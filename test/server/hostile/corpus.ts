/**
 * What every part of the hostile-token corpus shares: token forging helpers and the main
 * server (one per test file: importing this registers its start and stop hooks).
 */
import { KeyObject, randomUUID, sign } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startServer } from '../../../server/src/index.ts';
import { AZURE_CLI, CLIENT_ID, OTHER_TENANT_ID, TENANT_ID, USER_OID, createTestKey, signRaw, startTestIssuer, type TestKey } from '../../support/test-issuer.ts';
import { challengeParams, LIST_TOOLS, startHarness, type Harness } from '../harness.ts';

// ---------------------------------------------------------------- helpers

export const b64 = (text: string): string => Buffer.from(text).toString('base64url');
export const nowS = (): number => Math.floor(Date.now() / 1000);
export const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const WHOAMI = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'whoami', arguments: {} } };

/** Signs exact header and payload JSON text (duplicate keys, odd numbers) with RS256. */
export function signText(headerText: string, payloadText: string, key: TestKey): string {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey)).toString('base64url')}`;
}

/** A token nobody signed: a plausible-looking RS256 signature of random bytes. */
export function forge(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}.${Buffer.alloc(256, 7).toString('base64url')}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

export async function extraHarness(env: Record<string, string> = {}, issuerOptions: Parameters<typeof startHarness>[1] = {}): Promise<Harness> {
  const harness = await startHarness({ LOG_LEVEL: 'silent', ...env }, issuerOptions);
  open.push(harness);
  return harness;
}

export async function answer(harness: Harness, token: string, body: unknown = LIST_TOOLS) {
  const res = await harness.mcp(token, body);
  const header = res.headers.get('www-authenticate');
  const text = await res.text();
  return { status: res.status, header, params: header === null ? {} : challengeParams(header), text };
}

/** Sends raw bytes (headers Node's fetch refuses to send) and returns the status code. */
export function rawStatus(url: string, head: Buffer): Promise<number> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
  });
}

// ---------------------------------------------------------------- the main server

export let h: Harness;
export let kid: string;

beforeAll(async () => {
  // A cooldown of a day: an unknown kid can never cause a refetch during this file, so
  // "no JWKS fetch" assertions need no timing.
  h = await startHarness({ JWKS_COOLDOWN_SECONDS: '86400' });
  kid = h.issuer.signingKey.kid;
});
afterAll(() => h.close());

export async function refuse(token: string, body: unknown = LIST_TOOLS) {
  return answer(h, token, body);
}

export async function goodClaims(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { ...claimsOf(await h.issuer.mint()), uti: randomUUID(), ...extra };
}

