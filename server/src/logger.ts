import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isLogLevel(level: string): boolean {
  return LEVELS.includes(level);
}

/**
 * One JSON object per line on stdout (or `destination`). Nothing that carries a token or a
 * secret is ever passed to it; the redaction below is a second line of defence only.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'entra-mcp' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['authorization', 'headers.authorization', 'token', 'access_token', 'secret'], censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
