import { isLoopbackHttpUrl } from '../../server/src/entra/loopback.ts';

/** True for an `http:` authority on a loopback host: the local identity provider of `npm run dev`. */
export function isLocalAuthority(value: string | undefined): boolean {
  return value !== undefined && isLoopbackHttpUrl(value);
}

/** The `.env` keys `npm run dev` writes for its local tenant: meaningless to a real one. */
const LOCAL_STACK_KEYS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'MCP_CLIENTS_CLIENT_ID', 'AZURE_AUTHORITY_HOST'] as const;

/**
 * The `.env` update that forgets the local authority `npm run dev` left there, for commands
 * that point `.env` at a real tenant: without it, `npm run token` would send the real
 * tenant's sign-in to the local provider.
 */
export function forgetLocalAuthority(current: Readonly<Record<string, string>>): { AZURE_AUTHORITY_HOST?: undefined } {
  return isLocalAuthority(current['AZURE_AUTHORITY_HOST']) ? { AZURE_AUTHORITY_HOST: undefined } : {};
}

/**
 * `.env` values as a command for a real tenant should read them: when the file still points
 * at the local provider, the tenant and app ids beside it are the local stack's, so they
 * are dropped rather than looked up in a real tenant.
 */
export function withoutLocalStack(values: Readonly<Record<string, string>>): Record<string, string> {
  if (!isLocalAuthority(values['AZURE_AUTHORITY_HOST'])) return { ...values };
  const kept = { ...values };
  for (const key of LOCAL_STACK_KEYS) delete kept[key];
  return kept;
}

/** What a command for a real tenant makes of a `.env` that may hold the local stack. */
export interface LocalStackSetAside {
  /** The values to read settings from (the local stack's ids dropped). */
  readonly values: Record<string, string>;
  /** Merge into the command's `.env` update, so the file stops naming the local authority. */
  readonly forget: { AZURE_AUTHORITY_HOST?: undefined };
  /** A line telling the user what was found and ignored; undefined when nothing was. */
  readonly note?: string;
}

/**
 * The one step register-app, rotate-secret and env:pull share: read `.env`'s values for a
 * real tenant, set aside what `npm run dev` left there, and say so.
 *
 * @example
 * ```ts
 * const { values, forget, note } = setAsideLocalStack(await readEnvFile(envPath), envPath);
 * ```
 */
export function setAsideLocalStack(fileEnv: Readonly<Record<string, string>>, envPath: string): LocalStackSetAside {
  const authority = fileEnv['AZURE_AUTHORITY_HOST'];
  if (!isLocalAuthority(authority)) return { values: { ...fileEnv }, forget: {} };
  const found = LOCAL_STACK_KEYS.filter((k) => fileEnv[k] !== undefined).map((k) => `${k}=${fileEnv[k]}`);
  return {
    values: withoutLocalStack(fileEnv),
    forget: forgetLocalAuthority(fileEnv),
    note: `${envPath} holds the local stack of npm run dev (${found.join(', ')}): ignoring those values, which exist only on this machine; the tenant and client id come from flags, the environment or your sign-in.`,
  };
}
