/**
 * A browser stand-in for the OAuth flows: keeps cookies per host (as browsers do; ports
 * do not separate them), follows nothing by itself, and can fill in the consent form.
 * Headless Chromium covers the real page once; this drives the many attack cases fast.
 */
export class CookieBrowser {
  readonly #jar = new Map<string, Map<string, string>>();

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = this.#jar.get(target.hostname);
    const headers = new Headers(init.headers);
    if (cookies !== undefined && cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const jar = this.#jar.get(target.hostname) ?? new Map<string, string>();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(pair!.slice(0, eq).trim());
      else jar.set(pair!.slice(0, eq).trim(), value);
      this.#jar.set(target.hostname, jar);
    }
    return response;
  }

  /** The cookies held for a host (paths are not kept: every cookie of the host is sent). */
  cookies(hostname: string): ReadonlyMap<string, string> {
    return this.#jar.get(hostname) ?? new Map();
  }

  /** Follows redirects from `start` until `stop(url)` holds for the next location (not requested) or a page answers. */
  async follow(start: string | URL, stop: (url: URL) => boolean = () => false): Promise<{ url: URL; response: Response | undefined }> {
    let url = new URL(start);
    for (let hop = 0; hop < 20; hop++) {
      if (stop(url)) return { url, response: undefined };
      const response = await this.request(url);
      const location = response.headers.get('location');
      if (location === null) return { url, response };
      await response.body?.cancel();
      url = new URL(location, url);
    }
    throw new Error('too many redirects');
  }
}

/** The CSRF token and form target of a consent page. */
export function consentForm(html: string, pageUrl: URL): { action: URL; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (action === undefined || csrf === undefined) throw new Error('no consent form on the page');
  return { action: new URL(action.replace(/&amp;/g, '&'), pageUrl), csrf };
}
