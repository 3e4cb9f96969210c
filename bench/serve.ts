/**
 * One server under test, in its own process so the load generator does not share its
 * event loop. `node bench/serve.ts auth-on|auth-off|peer`; prints `{"url": ...}` when ready.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig, startServer } from '../server/src/index.ts';
import { startPeerServer } from './peer-sdk-default-server.ts';

const mode = process.argv[2];
if (mode === 'peer') {
  const server = await startPeerServer(0);
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
} else if (mode === 'auth-on' || mode === 'auth-off') {
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
  const running = await startServer(config, { authentication: mode === 'auth-on' });
  process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
} else {
  process.stderr.write('usage: node bench/serve.ts auth-on|auth-off|peer\n');
  process.exit(2);
}
