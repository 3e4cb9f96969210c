/** `npm start`: the server alone, configured from the environment and `.env` (what the container runs). */
import { ConfigError } from './config/config-error.ts';
import { loadConfig } from './config/load-config.ts';
import { readDotenv } from './config/read-dotenv.ts';
import { createLogger } from './logger.ts';
import { startServer } from './start-server.ts';

const dotenv = readDotenv(process.cwd(), process.env);
const source = dotenv.file === undefined ? `no .env in ${process.cwd()}` : `read ${dotenv.file}; the environment wins over it`;
let config;
try {
  config = loadConfig(dotenv.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`entra-mcp: cannot start: ${error.message} (${source})\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
if (dotenv.file !== undefined) logger.info({ file: dotenv.file, settings: dotenv.fromFile }, 'read settings from .env; the environment wins over it');
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
