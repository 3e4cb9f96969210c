/** `npm start`: the server alone, configured from the environment (what the container runs). */
import { ConfigError } from './config/config-error.ts';
import { loadConfig } from './config/load-config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './start-server.ts';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`entra-mcp: cannot start: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
try {
  const running = await startServer(config, { logger });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    void running.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, 'cannot start');
  process.exit(1);
}
