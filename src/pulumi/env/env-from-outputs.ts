import { EnvPullError } from './env-pull-error.ts';

/** The `.env` variables and the stack outputs they come from (see `StackOutputs`). */
export const ENV_FROM_OUTPUTS = {
  AZURE_TENANT_ID: 'tenantId',
  AZURE_CLIENT_ID: 'clientId',
  // Was SECURE_SERVER_URL until 0.1: the clients still read that name for one release.
  MCP_SERVER_URL: 'serverUrl',
} as const;

/** Written when the stack has the output: stacks last updated before the clients registration lack it. */
export const OPTIONAL_ENV_FROM_OUTPUTS = { MCP_CLIENTS_CLIENT_ID: 'mcpClientsClientId' } as const;

/** Only with `--with-secret`: the client secret, read with `--show-secrets`. */
export const SECRET_ENV = { AZURE_CLIENT_SECRET: 'clientSecret' } as const;

// `pulumi stack output --json` prints a secret output as this without --show-secrets.
const HIDDEN = '[secret]';

function read(outputs: Readonly<Record<string, unknown>>, name: string): string {
  const value = outputs[name];
  if (typeof value !== 'string' || value === '') {
    throw new EnvPullError('MISSING_OUTPUT', `the stack has no output "${name}": is this the entra-mcp stack, fully deployed?`);
  }
  return value;
}

/**
 * Pure: the `.env` updates for the stack outputs. The secret is included only when asked
 * for, and then it must have been read with `--show-secrets`.
 */
export function envFromOutputs(outputs: Readonly<Record<string, unknown>>, options: { withSecret: boolean }): Record<string, string> {
  const updates: Record<string, string> = {};
  for (const [env, output] of Object.entries(ENV_FROM_OUTPUTS)) updates[env] = read(outputs, output);
  for (const [env, output] of Object.entries(OPTIONAL_ENV_FROM_OUTPUTS)) {
    const value = outputs[output];
    if (typeof value === 'string' && value !== '') updates[env] = value;
  }
  if (options.withSecret) {
    const secret = read(outputs, SECRET_ENV.AZURE_CLIENT_SECRET);
    if (secret === HIDDEN) throw new EnvPullError('SECRET_HIDDEN', 'the client secret was read without --show-secrets');
    updates.AZURE_CLIENT_SECRET = secret;
  }
  return updates;
}
