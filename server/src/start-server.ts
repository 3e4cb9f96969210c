import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { policyFromConfig } from './auth/access-token-policy.ts';
import { keyStoresFromConfig, logKeyEvents } from './auth/key-stores-from-config.ts';
import { type Authenticate, createAuthenticator } from './auth/request-authenticator.ts';
import type { SigningKeyStore } from './auth/signing-key-store.ts';
import type { ServerConfig } from './config/server-config.ts';
import { drainable } from './http/drainable.ts';
import { createRequestHandler } from './http/create-request-handler.ts';
import { perLoopbackName } from './http/loopback-aliases.ts';
import { createLogger, type Logger } from './logger.ts';
import { loadTools } from './mcp/load-tools.ts';
import { ToolCatalog } from './mcp/tool-catalog.ts';
import type { LoopbackMetadataDocuments } from './proxy/metadata-document-fetch.ts';
import { mountProxyMode, type MountedProxyMode } from './proxy/mount-proxy-mode.ts';
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
  /** Proxy mode, dev stack and tests only: Client ID Metadata Documents on loopback https hosts. */
  readonly loopbackMetadataDocuments?: LoopbackMetadataDocuments;
}

export interface RunningServer {
  /** Where the server listens, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  readonly port: number;
  /** The public origin clients use; the protected resource is `${publicUrl}/mcp`. */
  readonly publicUrl: string;
  readonly keys: SigningKeyStore;
  /** Stops accepting, finishes what was accepted (10 s at most), then resolves. Idempotent. */
  close(): Promise<void>;
}

/** How long shutdown waits for requests in flight before cutting them. */
const DRAIN_MS = 10_000;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use: stop what uses it, or set PORT to another port`, { cause: error }));
      else reject(error);
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** The HTTP server with its limits set deliberately, from the configuration. */
function createLimitedServer(config: ServerConfig): Server {
  const limits = config.connections;
  // Node answers oversized headers with 431 itself; the timeouts bound slow clients.
  const server = createServer({ maxHeaderSize: 16_384, requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs });
  server.maxConnections = limits.maxConnections;
  return server;
}

/**
 * Starts the server from a validated configuration: loads the issuer's signing keys (the
 * first attempt is awaited; failures leave `/readyz` not ready and requests failing
 * closed with 503), finds the tools, and listens.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel, options.logDestination);
  const keys = keyStoresFromConfig(config, options, logKeyEvents(logger));
  const catalog = new ToolCatalog(await loadTools(), SERVER_INFO);
  const policy = policyFromConfig(config);
  const entraAuthenticate = options.authentication === false ? undefined : createAuthenticator(policy, { v2: keys.v2, v1: keys.v1 }, options.now);
  if (entraAuthenticate !== undefined) await Promise.all([keys.v2.start(), keys.v1?.start()]);

  const server = createLimitedServer(config);
  const drain = drainable(server);
  let address: AddressInfo;
  try {
    address = await listen(server, config.port, config.host);
  } catch (error) {
    keys.v2.stop();
    keys.v1?.stop();
    throw error;
  }
  const publicUrl = config.publicUrl ?? `http://localhost:${address.port}`;
  // Proxy mode needs the public URL, known only once bound (port 0): started between listen and the first request.
  let proxyMode: MountedProxyMode | undefined;
  let authenticate: Authenticate | undefined = entraAuthenticate;
  if (config.proxy !== undefined && entraAuthenticate !== undefined) {
    try {
      proxyMode = await mountProxyMode({ ...config, proxy: config.proxy }, publicUrl, policy, entraAuthenticate, (message) => logger.warn(message), options.loopbackMetadataDocuments);
    } catch (error) {
      keys.v2.stop();
      keys.v1?.stop();
      await drain.close(0);
      throw error;
    }
    authenticate = proxyMode.authenticate;
  }
  let closing: Promise<void> | undefined;
  server.on(
    'request',
    perLoopbackName(publicUrl, options.everyLoopbackName === true, (answeredAs) => createRequestHandler({
      publicUrl: answeredAs,
      // In proxy mode the server is the authorization server its clients see, with the scope it
      // issues; naming the scope under the resource is for Entra's scopes (direct mode) only.
      issuer: proxyMode?.proxy.authorizationServers[0] ?? config.issuer,
      scope: proxyMode?.proxy.scopesSupported.join(' ') ?? config.fullScope,
      resourceIsIdentifierUri: proxyMode === undefined && config.resourceIsIdentifierUri,
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
      proxy: proxyMode?.proxy,
    })),
  );
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info({ url: `http://${host}:${address.port}`, resource: `${publicUrl}/mcp`, issuer: config.issuer, audience: config.clientId, tools: catalog.names, authentication: authenticate !== undefined, authMode: proxyMode === undefined ? 'direct' : 'proxy' }, 'listening');

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    publicUrl,
    keys: keys.v2,
    close: () => {
      closing ??= (async () => {
        keys.v2.stop();
        keys.v1?.stop();
        await drain.close(DRAIN_MS);
        await proxyMode?.close();
      })();
      return closing;
    },
  };
}
