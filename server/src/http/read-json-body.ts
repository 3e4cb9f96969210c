import type { IncomingMessage } from 'node:http';
import type { RefusalCode } from './refusal.ts';

/** Why a request body was refused: a refusal code and safe detail for `refusal()`. */
export class BodyError extends Error {
  readonly code: RefusalCode;

  constructor(code: RefusalCode, message: string) {
    super(message);
    this.name = 'BodyError';
    this.code = code;
  }
}

/** Reads and parses a JSON body, refusing more than `maxBytes` before buffering it all. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new BodyError('unsupported_media_type', `got ${type === undefined ? 'none' : 'another type'}`);
  const tooLarge = `the body is larger than ${maxBytes} bytes`;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyError('payload_too_large', tooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError('payload_too_large', tooLarge);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError('parse_error', 'send one JSON-RPC message or batch');
  }
}
