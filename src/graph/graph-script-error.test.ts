import { describe, expect, test } from 'vitest';
import { tenantFromAccessToken } from './access-token-source.ts';
import { failureJson, formatFailure } from '../cli/run-command.ts';
import { toGraphScriptError } from './to-graph-script-error.ts';

/** What `@microsoft/microsoft-graph-client` throws for a Graph error answer. */
function libraryError(statusCode: number, code: string, message: string, details: { code: string }[] = []) {
  return {
    statusCode, code, message, requestId: 'r-1',
    body: JSON.stringify({ code, message, details, innerError: { date: '2026-11-22T10:00:00', 'request-id': 'r-1', 'client-request-id': 'c-1' } }),
    headers: new Headers({ 'retry-after': '3' }),
  };
}

const formatGraphScriptError = (error: unknown) => formatFailure('npm run register-app', error);

describe('toGraphScriptError, reported by the command framework', () => {
  test('keeps Graph code, message, request ids and Retry-After', () => {
    const e = toGraphScriptError(libraryError(429, 'TooManyRequests', 'slow down'), 'GET /applications');
    expect(e.graph).toEqual({ status: 429, graphCode: 'TooManyRequests', message: 'slow down', requestId: 'r-1', clientRequestId: 'c-1', date: '2026-11-22T10:00:00', detailCodes: [], retryAfter: '3' });
    expect(formatGraphScriptError(e)).toEqual([
      'npm run register-app: error [GRAPH_ERROR]: Graph refused GET /applications: slow down',
      '  Graph: 429 TooManyRequests, request-id r-1, client-request-id c-1, date 2026-11-22T10:00:00',
    ]);
    // --json carries Graph's fields too; INVALID_SETTINGS alone exits 2.
    expect(failureJson(e)).toMatchObject({ ok: false, error: { code: 'GRAPH_ERROR', request: 'GET /applications', graph: { requestId: 'r-1', status: 429 } } });
    expect(e.exitStatus).toBe(1);
  });
  test('Authorization_RequestDenied names the roles', () => {
    const lines = formatGraphScriptError(toGraphScriptError(libraryError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), 'POST /applications'));
    expect(lines[0]).toBe('npm run register-app: error [AUTHORIZATION_DENIED]: Graph refused POST /applications: Insufficient privileges to complete the operation.');
    expect(lines.join('\n')).toMatch(/Application Developer.*Cloud Application Administrator/s);
  });
  test('HostNameNotOnVerifiedDomain becomes IDENTIFIER_URI_REFUSED', () => {
    expect(toGraphScriptError(libraryError(400, 'Request_BadRequest', 'no', [{ code: 'HostNameNotOnVerifiedDomain' }]), 'PATCH /applications/x').code).toBe('IDENTIFIER_URI_REFUSED');
  });
  test('a fetch that never got an answer is a NETWORK_ERROR', () => {
    expect(toGraphScriptError({ statusCode: -1, code: 'TypeError', message: 'fetch failed', requestId: null, body: null }, 'GET /x').code).toBe('NETWORK_ERROR');
  });
});

test('tenantFromAccessToken reads tid without trusting anything else', () => {
  const payload = Buffer.from(JSON.stringify({ tid: '11111111-2222-3333-4444-555555555555' })).toString('base64url');
  expect(tenantFromAccessToken(`x.${payload}.y`)).toBe('11111111-2222-3333-4444-555555555555');
  expect(tenantFromAccessToken('opaque')).toBeUndefined();
  expect(tenantFromAccessToken(`x.${Buffer.from('{"tid":"../etc"}').toString('base64url')}.y`)).toBeUndefined();
});
