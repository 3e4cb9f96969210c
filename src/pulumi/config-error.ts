/**
 * A setting that cannot be used, named by its full config key (`entra-mcp:cpu`), so the
 * message tells the reader exactly what to `pulumi config set`. Thrown before any
 * resource is registered.
 */
export class ConfigError extends Error {
  /** Stable code to branch on; never match the message. */
  readonly code = 'ERR_PULUMI_CONFIG';
  /** The full config key, e.g. `entra-mcp:secretRotation`. */
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
    this.key = key;
  }
}
