import { createHash } from 'node:crypto';

/**
 * Pure: Entra takes PKCE's `plain` method, and a `code_challenge` without a method is
 * `plain` (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow: "If excluded, code_challenge is assumed to be
 * plaintext ... supports both plain and S256"); oidc-provider knows `S256` only. So a
 * plain challenge is handed to oidc-provider as the S256 of itself: S256(verifier) then
 * equals it exactly when the verifier equals the plain challenge, which is plain's rule.
 * Changes `params` in place.
 */
export function plainChallengeAsS256(params: URLSearchParams): void {
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge === null || (method !== null && method !== 'plain')) return;
  params.set('code_challenge', createHash('sha256').update(challenge).digest('base64url'));
  params.set('code_challenge_method', 'S256');
}
