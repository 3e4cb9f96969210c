/**
 * Who consented to which client. Entra keeps user consent per user and client across
 * sessions (an oauth2PermissionGrant), not per browser session as oidc-provider's session
 * grants are, so the local provider remembers it here for as long as it runs.
 */
export class ConsentStore {
  readonly #given = new Set<string>();

  /** Records that `accountId` consented to `clientId`. */
  give(accountId: string, clientId: string): void {
    this.#given.add(`${accountId} ${clientId}`);
  }

  /** Whether `accountId` has consented to `clientId`. */
  has(accountId: string, clientId: string): boolean {
    return this.#given.has(`${accountId} ${clientId}`);
  }
}
