import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens for the sign-in and consent forms, bound to the interaction: an HMAC of its
 * `uid` under a key that never leaves the process, so only a page this provider rendered
 * for that interaction carries the right one, and nothing needs storing. The interaction
 * cookie binds the `uid` to the browser (oidc-provider checks it); this binds the POST to
 * the page (https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html,
 * "Signed Double-Submit Cookie" and HMAC-based tokens).
 */
export function createInteractionCsrf(key: Buffer = randomBytes(32)) {
  const tokenFor = (uid: string): string => createHmac('sha256', key).update(`interaction:${uid}`).digest('base64url');
  return {
    tokenFor,
    /** Whether `token` is the one issued for `uid` (constant time). */
    check(uid: string, token: string | null | undefined): boolean {
      if (typeof token !== 'string') return false;
      const want = Buffer.from(tokenFor(uid));
      const got = Buffer.from(token);
      return want.length === got.length && timingSafeEqual(want, got);
    },
  };
}
