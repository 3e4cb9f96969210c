import type { Application, PasswordCredential } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import { addPassword } from '../graph/add-password.ts';
import { findRegistration } from '../graph/find-registration.ts';
import type { GraphApi } from '../graph/graph-client.ts';
import { GraphScriptError, isGraphScriptError } from '../graph/graph-script-error.ts';
import { newPasswordRequest, ownPasswords } from '../graph/own-passwords.ts';
import { removePassword } from '../graph/remove-password.ts';
import { planPasswordCleanup, type CleanupPolicy } from './plan-password-cleanup.ts';
import { proveClientSecret } from './prove-client-secret.ts';
import { discoverAuthorityKeys } from './verify-issued-token.ts';
import { setKeyVaultSecret } from './set-key-vault-secret.ts';

export interface RotateSecretOptions {
  readonly description: AppRegistrationDescription;
  readonly clientId?: string;
  readonly tenantId: string;
  readonly authorityHost: string;
  readonly dryRun: boolean;
  /** Lifetime in days; defaults to the description's. */
  readonly days?: number;
  readonly policy: CleanupPolicy;
  /** Hints (first 3 characters) of the secrets configured before this run: kept in preference. */
  readonly inUseHints?: readonly string[];
  readonly keyVault?: { readonly url: string; readonly name: string; readonly getAccessToken: () => Promise<string> };
  /** Writes the proven secret to `.env`; called after Key Vault, before any removal. */
  readonly saveEnv: (values: { clientId: string; secret: string }) => Promise<void>;
  readonly now: () => Date;
  readonly onStep: (line: string) => void;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Aborts the proof's and Key Vault's requests (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface RotateSecretResult {
  readonly dryRun: boolean;
  readonly clientId: string;
  readonly objectId: string;
  /** The new password, `secretText` included (Graph returned it this once). Undefined in a dry run. */
  readonly added?: PasswordCredential;
  readonly removed: readonly PasswordCredential[];
  readonly kept: readonly PasswordCredential[];
  /** Passwords not made by this tool: never touched. */
  readonly foreign: readonly PasswordCredential[];
  readonly keyVaultSecretId?: string;
}

/** rotate-secret's advice for a client id that names nothing: it changes registrations, it never creates one. */
const ROTATE_NOT_FOUND = [
  'rotate-secret only replaces the secret of an existing registration: check AZURE_CLIENT_ID / --client-id, or create the registration with npm run register-app.',
];

const describe = (p: PasswordCredential) => `"${p.displayName ?? '(no name)'}" (hint ${p.hint ?? '?'}…, expires ${p.endDateTime?.slice(0, 10) ?? '?'})`;

/** Best effort: take the unproven password away again so no secret nobody holds stays valid. */
async function withdraw(graph: GraphApi, objectId: string, added: PasswordCredential, error: unknown, onStep: (line: string) => void): Promise<never> {
  onStep(`withdrawing the new password ${describe(added)}: the old secret and .env stay as they were`);
  const note = await removePassword(graph, objectId, added.keyId as string).then(
    () => 'The new password was removed again; the old secret and .env are unchanged.',
    () => `The new password (keyId ${added.keyId}) could not be removed again: remove it in the portal; the old secret and .env are unchanged.`,
  );
  if (isGraphScriptError(error)) throw error.withAdvice([note]);
  throw error;
}

/**
 * Rotates the client secret without downtime: add a new password, prove it with a real
 * client-credentials request, store it (Key Vault, then `.env`), and only then remove older
 * passwords of ours per `policy`. A failure before storing withdraws the new password, so the
 * old secret stays valid and `.env` unchanged; a crash after storing leaves both secrets
 * valid and `.env` holding the new, proven one, which a re-run cleans up.
 */
export async function rotateSecret(graph: GraphApi, options: RotateSecretOptions): Promise<RotateSecretResult> {
  const { description, onStep } = options;
  const registration = await findRegistration(graph, { clientId: options.clientId, tenantId: options.tenantId, description, notFound: ROTATE_NOT_FOUND }, onStep);
  if (registration.found === undefined) {
    throw new GraphScriptError({
      code: 'APPLICATION_NOT_FOUND',
      message: `no application named "${description.displayName}" in tenant ${options.tenantId}`,
      advice: ['rotate-secret replaces the secret of an existing registration: create it first with npm run register-app, or name it with --client-id.'],
    });
  }
  const app: Application = registration.found.application;
  const clientId = app.appId as string;
  const objectId = app.id as string;
  const refusal = registration.refuse('rotate the client secret', options.now().toISOString().slice(0, 10));
  if (refusal !== undefined) throw refusal;

  const all = app.passwordCredentials ?? [];
  const own = ownPasswords(all, description);
  const foreign = all.filter((p) => !own.includes(p));
  onStep(`found ${clientId}: ${own.length} password(s) made by this tool${foreign.length > 0 ? `, ${foreign.length} other(s) left alone` : ''}`);
  const request = newPasswordRequest(description, options.now(), options.days);

  if (options.dryRun) {
    const placeholder: PasswordCredential = { keyId: '(new)', displayName: request.displayName, startDateTime: options.now().toISOString(), endDateTime: request.endDateTime };
    const plan = planPasswordCleanup([placeholder, ...own], '(new)', options.policy, options.now().getTime(), options.inUseHints);
    onStep(`would add password "${request.displayName}" (expires ${request.endDateTime.slice(0, 10)}), prove it, store it${options.keyVault === undefined ? '' : ' in Key Vault and'} in .env`);
    for (const p of plan.remove) onStep(`would then remove ${describe(p)}`);
    return { dryRun: true, clientId, objectId, removed: plan.remove, kept: plan.keep.filter((p) => p !== placeholder), foreign };
  }

  // Before any password exists: a wrong tenant or an authority that publishes no keys stops here.
  onStep(`reading the authority's signing keys: ${options.authorityHost}/${options.tenantId}/v2.0/.well-known/openid-configuration`);
  const keys = await discoverAuthorityKeys(options.authorityHost, options.tenantId, options.fetch ?? fetch, options.signal);
  onStep(`adding password "${request.displayName}" (expires ${request.endDateTime.slice(0, 10)})`);
  const added = await addPassword(graph, objectId, request);
  const secret = added.secretText as string;
  onStep(`added: hint ${added.hint}…, keyId ${added.keyId}`);
  onStep(`proving it: client-credentials token request to ${options.authorityHost}/${options.tenantId}/oauth2/v2.0/token`);
  try {
    await proveClientSecret({
      authorityHost: options.authorityHost, tenantId: options.tenantId, clientId, secret, keys, fetch: options.fetch, sleep: options.sleep, signal: options.signal,
      onWait: (attempt, ms) => onStep(`  Entra does not accept it yet (AADSTS7000215, still replicating): waiting ${(ms / 1000).toFixed(1)} s, then attempt ${attempt + 1}`),
    });
  } catch (error) {
    return withdraw(graph, objectId, added, error, onStep);
  }
  onStep('proven: Entra issued a token with the new secret, signed by its published keys for this client and tenant');
  let keyVaultSecretId: string | undefined;
  if (options.keyVault !== undefined) {
    onStep(`storing it in Key Vault: ${options.keyVault.url} secret "${options.keyVault.name}"`);
    try {
      keyVaultSecretId = await setKeyVaultSecret({ vaultUrl: options.keyVault.url, name: options.keyVault.name, value: secret, expiresOn: Math.floor(Date.parse(added.endDateTime as string) / 1000), getAccessToken: options.keyVault.getAccessToken, fetch: options.fetch, signal: options.signal });
    } catch (error) {
      return withdraw(graph, objectId, added, error, onStep);
    }
  }
  onStep('writing .env');
  try {
    await options.saveEnv({ clientId, secret });
  } catch (error) {
    const envError = new GraphScriptError({
      code: 'ENV_FILE_ERROR',
      message: `could not write .env: ${error instanceof Error ? error.message : String(error)}`,
      advice: keyVaultSecretId === undefined ? [] : [`The new, proven secret is in Key Vault (${keyVaultSecretId}) and stays valid; the old one too. Fix the .env path or permissions and run again (the next run keeps the newest passwords).`],
      cause: error,
    });
    // Without Key Vault nobody holds the new secret now: take it away again, as for a failed proof.
    if (keyVaultSecretId === undefined) return withdraw(graph, objectId, added, envError, onStep);
    throw envError;
  }

  const plan = planPasswordCleanup([added, ...own], added.keyId as string, options.policy, options.now().getTime(), options.inUseHints);
  const removed: PasswordCredential[] = [];
  for (const p of plan.remove) {
    onStep(`removing older password ${describe(p)}`);
    try {
      await removePassword(graph, objectId, p.keyId as string);
    } catch (error) {
      if (!isGraphScriptError(error)) throw error;
      throw error.withAdvice(['The new secret is proven and saved; older passwords left in place stay valid until they expire or the next rotation removes them.']);
    }
    removed.push(p);
  }
  for (const p of plan.inGrace) onStep(`keeping ${describe(p)} until its grace period is over`);
  return { dryRun: false, clientId, objectId, added, removed, kept: plan.keep, foreign, keyVaultSecretId };
}
