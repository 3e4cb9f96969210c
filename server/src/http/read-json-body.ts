import type { IncomingMessage } from 'node:http';

/** Why a request body was refused, with the HTTP status and JSON-RPC code to answer. */
export class BodyError extends Error {
  readonly status: number;
  readonly rpcCode: number;

  constructor(status: number, rpcCode: number, message: string) {
    super(message);
    this.name = 'BodyError';
    this.status = status;
    this.rpcCode = rpcCode;
  }
}

/** Reads and parses a JSON body, refusing more than `maxBytes` before buffering it all. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new BodyError(415, -32000, 'Content-Type must be application/json');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyError(413, -32000, `request body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyError(413, -32000, `request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, -32700, 'Parse error: the body is not valid JSON');
  }
}
