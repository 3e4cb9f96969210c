import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevStack } from '../../src/local-idp/dev-stack.ts';

let blocker: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker === undefined ? resolve() : blocker.close(() => resolve())));
  blocker = undefined;
});

async function occupyPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
  return (blocker.address() as { port: number }).port;
}

describe('npm run dev with a busy port', () => {
  it("names the MCP server's port and how to change it", async () => {
    const port = await occupyPort();
    await expect(startDevStack({ idpPort: 0, serverPort: port, env: { LOG_LEVEL: 'silent' } })).rejects.toThrow(
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*--port or PORT`),
    );
  });

  it("names the identity provider's port and how to change it", async () => {
    const port = await occupyPort();
    await expect(startDevStack({ idpPort: port, serverPort: 0, env: { LOG_LEVEL: 'silent' } })).rejects.toThrow(/--idp-port or LOCAL_IDP_PORT/);
  });
});
