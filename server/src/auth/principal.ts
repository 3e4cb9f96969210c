/** The caller, as the verified access token says. Never holds the token itself. */
export interface Principal {
  /** `delegated` when a user signed in (`scp` present), `app` for app-only tokens. */
  readonly kind: 'delegated' | 'app';
  readonly oid: string;
  readonly tid: string;
  readonly sub: string;
  readonly name: string | undefined;
  readonly preferredUsername: string | undefined;
  /** The calling client application: `azp` (v2) or `appid` (v1). */
  readonly clientAppId: string | undefined;
  readonly scopes: readonly string[];
  readonly roles: readonly string[];
  readonly tokenVersion: '1.0' | '2.0';
  /** `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}
