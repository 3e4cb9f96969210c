import { describe, expect, it } from 'vitest';
import { refusal, type RefusalCode } from './refusal.ts';

describe('refusal: one mapping, one body shape', () => {
  it.each<[RefusalCode, number, number]>([
    ['bad_request_target', 400, -32000],
    ['not_found', 404, -32000],
    ['method_not_allowed', 405, -32000],
    ['origin_not_allowed', 403, -32000],
    ['unsupported_media_type', 415, -32000],
    ['payload_too_large', 413, -32000],
    ['parse_error', 400, -32700],
    ['server_error', 500, -32603],
  ])('%s → HTTP %s, JSON-RPC %s, the code in data.reason', (code, status, rpcCode) => {
    const answer = refusal(code);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ jsonrpc: '2.0', error: { code: rpcCode, message: expect.any(String), data: { reason: code } }, id: null });
  });

  it('adds the detail to the message and passes headers through', () => {
    const answer = refusal('method_not_allowed', 'send JSON-RPC with POST', { allow: 'POST' });
    expect(answer.headers).toEqual({ allow: 'POST' });
    expect((answer.body as { error: { message: string } }).error.message).toBe('Method not allowed: send JSON-RPC with POST');
  });
});
