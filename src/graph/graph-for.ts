import { isGuid } from '../../server/src/entra/guid.ts';
import type { CommandIo } from '../cli/command-io.ts';
import { accessTokenSource, tenantFromAccessToken, type SignInMode } from './access-token-source.ts';
import { createGraphClient, type GraphApi } from './graph-client.ts';
import type { ScriptSettings } from './script-settings.ts';
import { defaultRetryPolicy } from './retry-policy.ts';
import type { RetryEvent } from './with-retry.ts';

/** The `@azure/identity` credential the settings ask for (`--auth`), ignoring any token held. */
export function credentialMode(settings: ScriptSettings, tenantId = settings.tenantId): Exclude<SignInMode, { kind: 'token' }> {
  return settings.auth === 'default' ? { kind: 'default', tenantId, authorityHost: settings.authorityHost } : { kind: 'azure-cli', tenantId };
}

/** How the scripts sign in to Graph: the token held (`MICROSOFT_GRAPH_TOKEN`), else the credential. */
export function signInMode(settings: ScriptSettings): SignInMode {
  return settings.graphToken !== undefined ? { kind: 'token', token: settings.graphToken } : credentialMode(settings);
}

/** The line printed while a retry waits: why, how long, which attempt comes next. */
export function retryLine(event: RetryEvent, maxAttempts: number): string {
  const why = event.status === undefined ? 'no answer' : `${event.status} ${event.graphCode ?? ''}`.trim();
  return `  waiting ${(event.delayMs / 1000).toFixed(1)} s (${event.reason}: ${why}), then attempt ${event.attempt + 1} of ${maxAttempts}`;
}

/** A Graph client wired to the settings and the io, plus a way to learn the tenant. */
export function graphFor(settings: ScriptSettings, io: CommandIo, log: (line: string) => void): { graph: GraphApi; tenantId: () => Promise<string | undefined> } {
  const getToken = accessTokenSource(signInMode(settings), `${settings.graphUrl}/.default`);
  const graph = createGraphClient({
    graphUrl: settings.graphUrl,
    getAccessToken: getToken,
    fetch: io.fetch,
    signal: io.signal,
    sleep: io.sleep,
    now: io.now === undefined ? undefined : () => (io.now as () => Date)().getTime(),
    onRetry: (event) => log(retryLine(event, defaultRetryPolicy.maxAttempts)),
  });
  // The tenant GUID for `.env` (the server's issuer check needs the GUID, not a domain):
  // the configured one if it is a GUID, else the signed-in token's `tid`, else what was given.
  const tenantId = async (): Promise<string | undefined> => {
    if (settings.tenantId !== undefined && isGuid(settings.tenantId)) return settings.tenantId;
    return tenantFromAccessToken(await getToken()) ?? settings.tenantId;
  };
  return { graph, tenantId };
}
