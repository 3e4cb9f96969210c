import { fetchWithTimeout } from '../shared/fetch-with-timeout.ts';
import { GraphScriptError } from '../graph/graph-script-error.ts';
import { asGraphScriptError, verifyIssuedToken, type AuthorityKeys } from './verify-issued-token.ts';

export interface ProveSecretOptions {
  /** `AZURE_AUTHORITY_HOST`, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly secret: string;
  /** The authority's published keys (`discoverAuthorityKeys`), read before the secret was made. */
  readonly keys: AuthorityKeys;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Aborts the requests (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Called before each wait for the secret to propagate. */
  readonly onWait?: (attempt: number, delayMs: number) => void;
  /** Attempts while Entra still answers 7000215 for the brand-new secret (default 6: ~31 s). */
  readonly maxAttempts?: number;
}

/** Entra's error JSON (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
interface EntraError {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  correlation_id?: string;
  trace_id?: string;
}

/**
 * Proves a client secret with a real client-credentials request:
 * `POST {authority}/{tenant}/oauth2/v2.0/token` with `scope={clientId}/.default`: the GUID
 * form, since an app asking for a token for itself by its `api://` URI gets AADSTS90009.
 * The proof is the token, not the status: it must verify against the keys the authority
 * publishes (found through its discovery document, read before the secret is sent) and name
 * this client and tenant (`verifyIssuedToken`).
 *
 * A secret added seconds ago may be refused with AADSTS7000215 until it has replicated
 * (REPORTED widely); that code alone is retried, bounded, with doubling waits from 1 s.
 * Any other refusal (700016 unknown client / wrong tenant, 7000222 expired, 7000229 no
 * service principal) is final.
 *
 * @throws GraphScriptError `SECRET_NOT_ACCEPTED` with the AADSTS code and Entra's trace ids.
 */
export async function proveClientSecret(options: ProveSecretOptions): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 6;
  const url = `${options.authorityHost}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  const keys = options.keys;
  const body = new URLSearchParams({ client_id: options.clientId, client_secret: options.secret, grant_type: 'client_credentials', scope: `${options.clientId}/.default` });
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetchWithTimeout(doFetch, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: options.signal });
    } catch (error) {
      throw asGraphScriptError(error);
    }
    if (response.ok) {
      const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown };
      await verifyIssuedToken(answer.access_token, { clientId: options.clientId, tenantId: options.tenantId, authorityHost: options.authorityHost, request: `POST ${url}` }, keys, doFetch);
      return;
    }
    const failure = (await response.json().catch(() => ({}))) as EntraError;
    const code = failure.error_codes?.[0];
    if (code === 7000215 && attempt < maxAttempts) {
      const delayMs = 1000 * 2 ** (attempt - 1);
      options.onWait?.(attempt, delayMs);
      await sleep(delayMs);
      continue;
    }
    const first = (failure.error_description ?? `HTTP ${response.status}`).split(/\r?\n/)[0];
    const advice: Record<number, string> = {
      700016: 'Entra does not know this client id in that tenant: check AZURE_TENANT_ID / --tenant.',
      7000215: 'Entra kept refusing the new secret; it may still be replicating. The old secret is untouched: run again in a few minutes.',
      7000222: 'The secret is already expired: check the clock and --days.',
      // Entra issues tokens only to an application with a service principal in the tenant.
      7000229: 'The registration has no service principal in this tenant, so Entra issues it no tokens: run npm run register-app (it creates the service principal), then rotate again.',
    };
    throw new GraphScriptError({
      code: 'SECRET_NOT_ACCEPTED',
      message: `the token endpoint refused the new secret: ${first} (error ${failure.error ?? 'unknown'}, trace id ${failure.trace_id ?? '-'}, correlation id ${failure.correlation_id ?? '-'})`,
      request: `POST ${url}`,
      advice: [advice[code ?? 0] ?? 'Read the AADSTS code above in https://login.microsoftonline.com/error.'],
    });
  }
}
