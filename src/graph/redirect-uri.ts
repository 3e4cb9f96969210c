/**
 * Pure: a redirect or identifier URI in the form Graph stores it. Graph adds a trailing `/`
 * to an unpathed URI (`http://127.0.0.1:33418` comes back as `http://127.0.0.1:33418/`,
 * ED:reply-url.md), so we send and compare that form, or a re-run would never converge.
 * Same rule as the Pulumi program's `storedRedirectUri`.
 *
 * @example
 * ```ts
 * normalizeUri('http://127.0.0.1:33418'); // 'http://127.0.0.1:33418/'
 * ```
 */
export function normalizeUri(uri: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+$/i.test(uri) ? `${uri}/` : uri;
}
