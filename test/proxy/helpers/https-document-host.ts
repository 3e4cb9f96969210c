import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl for this test run. */
export async function loopbackCertificate(): Promise<{ cert: string; key: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cimd-cert-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    return { cert: await readFile(join(dir, 'cert.pem'), 'utf8'), key: await readFile(join(dir, 'key.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An https server on 127.0.0.1 serving documents by path, counting the requests it got. */
export interface DocumentHost {
  readonly origin: string;
  readonly ca: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  serve(path: string, body: string | object, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startDocumentHost(): Promise<DocumentHost> {
  const { cert, key } = await loopbackCertificate();
  const documents = new Map<string, { body: string; headers: Record<string, string> }>();
  const requests: string[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    requests.push(req.url ?? '');
    const doc = documents.get(req.url ?? '');
    if (doc === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', ...doc.headers }).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca: cert,
    requests,
    serve: (path, body, headers = {}) => void documents.set(path, { body: typeof body === 'string' ? body : JSON.stringify(body), headers }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
