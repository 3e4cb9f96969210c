/**
 * A browser stand-in for automation against the local provider started with
 * `autoSignIn`: follows redirects with a cookie jar (the provider's interaction and
 * session cookies) until the redirect reaches `stopAt`, then (unless `requestLast` is
 * false) requests that URL too, as a browser would, so a loopback callback listener
 * receives it. Returns the final URL.
 */
export async function followRedirects(start: string, stopAt: (url: URL) => boolean, options: { requestLast?: boolean } = {}): Promise<URL> {
  const maxHops = 20;
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < maxHops; hop++) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: jar.size === 0 ? {} : { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) {
      if (stopAt(url)) return url;
      throw new Error(`no redirect from ${url.origin}${url.pathname} (status ${response.status})`);
    }
    url = new URL(location, url);
    if (stopAt(url)) {
      if (options.requestLast !== false) {
        const last = await fetch(url);
        await last.body?.cancel();
      }
      return url;
    }
  }
  throw new Error('too many redirects');
}
