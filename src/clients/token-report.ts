import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { TokenResponse } from './device-code-flow.ts';

/** The `--json` output of `npm run token`. */
export interface TokenReport {
  access_token: string;
  expires_in: number;
  expires_at: string;
  scope: string | undefined;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  refresh_token?: string;
}

/**
 * Pure: the JSON report of a token: the token, its expiry and its decoded header and
 * claims (decoded only, not verified: the server verifies). The refresh token appears
 * only when asked for, so a pasted report does not hand over a long-lived credential.
 */
export function tokenReport(tokens: TokenResponse, includeRefreshToken: boolean): TokenReport {
  const report: TokenReport = {
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    expires_at: tokens.expiresAt.toISOString(),
    scope: tokens.scope,
    header: decodeProtectedHeader(tokens.accessToken) as Record<string, unknown>,
    claims: decodeJwt(tokens.accessToken) as Record<string, unknown>,
  };
  if (includeRefreshToken && tokens.refreshToken !== undefined) report.refresh_token = tokens.refreshToken;
  return report;
}
