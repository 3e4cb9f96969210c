import { AzureCliCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { isGuid } from '../../server/src/entra/guid.ts';
import { GraphScriptError } from './graph-script-error.ts';

/** How the scripts sign in to Graph (and Key Vault). */
export type SignInMode =
  /** `MICROSOFT_GRAPH_TOKEN`: a token already held, used as-is (pipelines). */
  | { readonly kind: 'token'; readonly token: string }
  /** The Azure CLI's signed-in account (the default). */
  | { readonly kind: 'azure-cli'; readonly tenantId?: string }
  /**
   * `@azure/identity`'s `DefaultAzureCredential` chain (`--auth default`). `authorityHost` is
   * passed explicitly: `@azure/identity` reads `AZURE_AUTHORITY_HOST` from the process
   * environment only, and ours may come from `.env` or a flag.
   */
  | { readonly kind: 'default'; readonly tenantId?: string; readonly authorityHost?: string };

/**
 * Builds the credential for a sign-in mode. Azure CLI is the default rather than
 * `DefaultAzureCredential` because the latter's environment and managed-identity links read
 * `AZURE_CLIENT_ID` as the identity to sign in as, and in this project that variable names
 * the app registration itself: the script would try to sign in as the app it is managing.
 */
export function credentialFor(mode: Exclude<SignInMode, { kind: 'token' }>): TokenCredential {
  const tenantId = mode.tenantId;
  if (mode.kind === 'azure-cli') return new AzureCliCredential({ tenantId });
  // `@azure/identity` accepts https authorities only; an http one (the local identity provider) is left out.
  const authorityHost = mode.authorityHost?.startsWith('https:') ? mode.authorityHost : undefined;
  return new DefaultAzureCredential({ tenantId, authorityHost });
}

function signInRequired(mode: SignInMode, cause: unknown): GraphScriptError {
  const tenant = mode.kind === 'token' ? undefined : mode.tenantId;
  const login = tenant === undefined ? 'az login' : `az login --tenant ${tenant}`;
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new GraphScriptError({
    code: 'SIGN_IN_REQUIRED',
    message: `not signed in: ${reason}`,
    advice: [
      `Run \`${login}\` (add --allow-no-subscriptions if the tenant has no Azure subscription), then run this command again.`,
      'In a pipeline, set MICROSOFT_GRAPH_TOKEN to a Graph token instead.',
    ],
    cause,
  });
}

/**
 * A token getter for one scope (e.g. `https://graph.microsoft.com/.default`), caching the
 * token until a minute before it expires. Credential failures become `SIGN_IN_REQUIRED`.
 *
 * @param now - injected clock (ms since epoch), so the cache is testable.
 */
export function accessTokenSource(mode: SignInMode, scope: string, now: () => number = Date.now): () => Promise<string> {
  if (mode.kind === 'token') {
    const token = mode.token;
    return async () => token;
  }
  const credential = credentialFor(mode);
  let cached: { token: string; expiresOnTimestamp: number } | undefined;
  return async () => {
    if (cached !== undefined && cached.expiresOnTimestamp - 60_000 > now()) return cached.token;
    let result: { token: string; expiresOnTimestamp: number } | null;
    try {
      result = await credential.getToken(scope);
    } catch (error) {
      throw signInRequired(mode, error);
    }
    if (result === null) throw signInRequired(mode, new Error('the credential returned no token'));
    cached = result;
    return result.token;
  };
}

/**
 * The tenant (`tid`) inside an Entra access token, read without verifying it: only to
 * default `AZURE_TENANT_ID` when the user did not give one. Undefined if unreadable
 * (Entra tokens for Microsoft APIs are JWTs today, but they are not ours to rely on).
 */
export function tenantFromAccessToken(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof claims.tid === 'string' && isGuid(claims.tid) ? claims.tid : undefined;
  } catch {
    return undefined;
  }
}
