export { ConfigError } from './config/config-error.ts';
export { defaults } from './config/defaults.ts';
export { loadConfig } from './config/load-config.ts';
export type { ServerConfig } from './config/server-config.ts';
export { AuthError, type AuthErrorCode } from './auth/auth-error.ts';
export type { Principal } from './auth/principal.ts';
export { verifyAccessToken } from './auth/verify-access-token.ts';
export { startServer, type RunningServer, type StartServerOptions } from './start-server.ts';
export { createLogger, type Logger } from './logger.ts';
