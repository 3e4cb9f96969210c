/**
 * The Entra identity behind one grant (one sign-in of one person to one MCP client), kept
 * by the proxy under the grant's id so that revoking the grant forgets it too. The proxy's
 * access tokens carry these claims; Entra's own tokens never leave the server.
 */
export interface ProxyIdentity {
  readonly oid: string;
  readonly tid: string;
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  /** Entra's `scp`, space separated (e.g. `access_as_user`). */
  readonly scp: string;
  /** Entra's refresh token, for refreshing the Entra session later (never sent anywhere else). */
  readonly entraRefreshToken: string | undefined;
  /** When Entra's access token expires, seconds since the epoch. */
  readonly entraExpiresAt: number;
}

/** The store model the identities live in. */
export const IDENTITY_MODEL = 'ProxyIdentity';

/**
 * What the injected Entra verifier must return: the server's `Principal` fits. The proxy
 * accepts an Entra token only after this verifier (the server's own, with every check it
 * applies to Entra tokens on `/mcp`) has accepted it.
 */
export interface VerifiedEntraCaller {
  readonly oid: string;
  readonly tid: string;
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}
