import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { policyFromConfig } from './auth/access-token-policy.ts';
import { createAuthenticator } from './auth/request-authenticator.ts';
import { SigningKeyStore, type KeyStoreEvent } from './auth/signing-key-store.ts';
import type { ServerConfig } from './config/server-config.ts';
import { createRequestHandler } from './http/create-request-handler.ts';
import { perLoopbackName } from './http/loopback-aliases.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadTools } from './mcp/load-tools.ts';
import { ToolCatalog } from './mcp/tool-catalog.ts';
import { SERVER_INFO } from './server-info.ts';

export interface StartServerOptions {
  readonly logger?: Logger;
  /** Where log lines go when no `logger` is given (tests capture them). */
  readonly logDestination?: DestinationStream;
  /** False serves MCP with no authentication at all: for the benchmark's baseline only. */
  readonly authentication?: boolean;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /**
   * With a loopback http public URL, also answer as the other loopback names of the port
   * (loopback-aliases.ts): `npm run dev` sets it, so `http://127.0.0.1:PORT/mcp` works too.
   */
  readonly everyLoopbackName?: boolean;
}

export interface RunningServer {
  /** Where the server listens, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  readonly port: number;
  /** The public origin clients use; the protected resource is `${publicUrl}/mcp`. */
  readonly publicUrl: string;
  readonly keys: SigningKeyStore;
  close(): Promise<void>;
}

function keyStores(config: ServerConfig, options: StartServerOptions, onEvent: (e: KeyStoreEvent) => void) {
  const common = {
    cooldownMs: config.jwksCooldownSeconds * 1000,
    refreshMs: config.jwksRefreshSeconds * 1000,
    onEvent,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
  // Multi-tenant metadata names the literal `{tenantid}` template (ED:access-tokens.md).
  const expectedV2 = config.multiTenant ? `${config.authorityHost}/{tenantid}/v2.0` : config.issuer;
  const v2 = new SigningKeyStore({
    ...common,
    discoveryUrl: `${config.issuer}/.well-known/openid-configuration`,
    checkIssuer: (issuer) => (issuer === expectedV2 ? undefined : `the discovery document names issuer ${issuer}, expected ${expectedV2}`),
  });
  // v1 tokens are validated with v1 metadata (ED:v2-protocols-oidc.md), whose issuer is
  // `https://sts.windows.net/{tid}/` in the public cloud and differs in sovereign clouds.
  const v1 = config.acceptV1Tokens
    ? new SigningKeyStore({
        ...common,
        discoveryUrl: `${config.authorityHost}/${config.tenant}/.well-known/openid-configuration`,
        checkIssuer: (issuer) =>
          issuer.endsWith(`/${config.multiTenant ? '{tenantid}' : config.tenant}/`) ? undefined : `the v1 discovery document names issuer ${issuer}, for another tenant`,
      })
    : undefined;
  return { v2, v1 };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use: stop what uses it, or set PORT to another port`, { cause: error }));
      else reject(error);
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * Starts the server from a validated configuration: loads the issuer's signing keys (the
 * first attempt is awaited; failures leave `/readyz` not ready and requests failing
 * closed), finds the tools, and listens.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, options.logDestination);
  const onEvent = (event: KeyStoreEvent): void => {
    if (event.type === 'keys_loaded') logger.debug(event, 'signing keys loaded');
    else logger.warn(event, 'signing keys could not be fetched; keeping the keys already held');
  };
  const keys = keyStores(config, options, onEvent);
  const catalog = new ToolCatalog(await loadTools(), SERVER_INFO);
  const authenticate =
    options.authentication === false ? undefined : createAuthenticator(policyFromConfig(config), { v2: keys.v2, v1: keys.v1 }, options.now);
  if (authenticate !== undefined) await Promise.all([keys.v2.start(), keys.v1?.start()]);

  // Node answers oversized headers with 431 itself; the timeouts bound slow clients.
  const server = createServer({ maxHeaderSize: 16_384, requestTimeout: 60_000, headersTimeout: 20_000 });
  let address: AddressInfo;
  try {
    address = await listen(server, config.port, config.host);
  } catch (error) {
    keys.v2.stop();
    keys.v1?.stop();
    throw error;
  }
  const publicUrl = config.publicUrl ?? `http://localhost:${address.port}`;
  server.on(
    'request',
    perLoopbackName(publicUrl, options.everyLoopbackName === true, (answeredAs) => createRequestHandler({
      publicUrl: answeredAs,
      issuer: config.issuer,
      scope: config.fullScope,
      resourceName: config.resourceName,
      allowedOrigins: config.allowedOrigins,
      maxBodyBytes: config.maxBodyBytes,
      catalog,
      authenticate,
      readiness: () => {
        if (authenticate === undefined) return { ready: true };
        const notReady = [keys.v2, keys.v1].find((k) => k !== undefined && !k.ready);
        return notReady === undefined ? { ready: true } : { ready: false, reason: `signing keys not loaded: ${notReady.lastError ?? 'unknown'}` };
      },
      logger,
    })),
  );
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ url: `http://${host}:${address.port}`, resource: `${publicUrl}/mcp`, issuer: config.issuer, audience: config.clientId, tools: catalog.names, authentication: authenticate !== undefined }, 'listening');

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    publicUrl,
    keys: keys.v2,
    close: () =>
      new Promise<void>((resolve) => {
        keys.v2.stop();
        keys.v1?.stop();
        // Finish requests in flight, then stop; idle keep-alive sockets would hold close() open.
        const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
