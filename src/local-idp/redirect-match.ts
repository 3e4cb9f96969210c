import { isLoopbackHostname } from '../../server/src/entra/index.ts';
import type { LocalRedirectUri } from './local-clients.ts';

/**
 * Entra ignores the port of a loopback redirect URI, but not for `[::1]`, which it does not
 * support (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions).
 */
function portIgnored(url: URL): boolean {
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname) && url.hostname !== '[::1]';
}

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * Pure: the registered redirect URI that `requested` matches under Entra's rules, or
 * undefined. An `http` loopback URI matches whatever its port ("port ignored when
 * matching"), and an unpathed URI equals the same URI with a trailing `/` (https://learn.microsoft.com/entra/identity-platform/reply-url).
 * Everything else must match exactly.
 */
export function matchRedirectUri(requested: string, registered: readonly LocalRedirectUri[]): LocalRedirectUri | undefined {
  const want = parse(requested);
  if (want === undefined) return undefined;
  return registered.find((r) => {
    const have = parse(r.uri);
    if (have === undefined) return false;
    const loopback = portIgnored(have);
    return (
      have.protocol === want.protocol &&
      have.hostname === want.hostname &&
      (loopback || have.port === want.port) &&
      have.pathname === want.pathname &&
      have.search === want.search
    );
  });
}
