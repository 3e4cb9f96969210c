import { KEY_VAULT_DNS_SUFFIXES } from '../../server/src/entra/national-clouds.ts';
import { fetchWithTimeout } from '../shared/fetch-with-timeout.ts';
import { GraphScriptError } from '../graph/graph-script-error.ts';
import { asGraphScriptError } from './verify-issued-token.ts';

/**
 * The token scope for a vault URL: Key Vault's resource differs per cloud
 * (`KEY_VAULT_DNS_SUFFIXES`); anything else (the test stand-in, or a host let in by
 * `--allow-key-vault-host`) is taken to be in the public cloud.
 */
export function keyVaultScope(vaultUrl: string): string {
  const host = new URL(vaultUrl).hostname;
  const suffix = KEY_VAULT_DNS_SUFFIXES.find((s) => host.endsWith(`.${s}`)) ?? KEY_VAULT_DNS_SUFFIXES[0];
  return `https://${suffix}/.default`;
}

export interface SetKeyVaultSecretOptions {
  readonly vaultUrl: string;
  readonly name: string;
  readonly value: string;
  /** Unix seconds: Key Vault's `attributes.exp`, so the vault shows when the secret dies. */
  readonly expiresOn: number;
  readonly getAccessToken: () => Promise<string>;
  readonly fetch?: typeof fetch;
  /** Aborts the request (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * Stores a new version of a Key Vault secret through the REST API
 * (`PUT {vault}/secrets/{name}?api-version=7.4`): `@azure/keyvault-secrets` is not a
 * dependency of this project, and one call does not justify adding it.
 *
 * @returns the new version's id (`{vault}/secrets/{name}/{version}`).
 */
export async function setKeyVaultSecret(options: SetKeyVaultSecretOptions): Promise<string> {
  const url = `${options.vaultUrl}/secrets/${encodeURIComponent(options.name)}?api-version=7.4`;
  const request = `PUT ${url}`;
  let response: Response;
  // Outside the try: a missing sign-in is the user's to fix (`az login`), not a network fault.
  const token = await options.getAccessToken();
  try {
    response = await fetchWithTimeout(options.fetch ?? fetch, url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: options.value, contentType: 'client secret', attributes: { enabled: true, exp: options.expiresOn } }),
      signal: options.signal,
    });
  } catch (error) {
    throw asGraphScriptError(error);
  }
  // Key Vault spells it `innererror` (Graph: `innerError`); both are read to be safe.
  const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { code?: string; message?: string; innererror?: { code?: string }; innerError?: { code?: string } } };
  if (response.ok && typeof body.id === 'string') return body.id;
  const inner = body.error?.innererror?.code ?? body.error?.innerError?.code;
  throw new GraphScriptError({
    code: 'KEY_VAULT_ERROR',
    message: `Key Vault refused to store the secret: ${response.status} ${body.error?.code ?? ''}${inner === undefined ? '' : `/${inner}`}: ${(body.error?.message ?? '').split(/\r?\n/)[0]}`,
    request,
    advice: adviceFor(response.status, inner, options.name),
  });
}

function adviceFor(status: number, inner: string | undefined, name: string): string[] {
  if (status === 403) return ['The signed-in account needs the "Key Vault Secrets Officer" role on the vault (RBAC vaults) or a set-secret access policy.'];
  if (inner === 'ObjectIsDeletedButRecoverable') {
    return [`A deleted secret named "${name}" still holds the name (soft delete): recover it (\`az keyvault secret recover --name ${name} --vault-name <vault>\`) or purge it, or set KEY_VAULT_SECRET_NAME to another name, then run again.`];
  }
  return [];
}
