import type { LocalRedirectUri } from './local-clients.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

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
 * matching"), and an unpathed URI equals the same URI with a trailing `/` (ED:reply-url.md).
 * Everything else must match exactly.
 */
export function matchRedirectUri(requested: string, registered: readonly LocalRedirectUri[]): LocalRedirectUri | undefined {
  const want = parse(requested);
  if (want === undefined) return undefined;
  return registered.find((r) => {
    const have = parse(r.uri);
    if (have === undefined) return false;
    const loopback = have.protocol === 'http:' && LOOPBACK_HOSTS.has(have.hostname);
    return (
      have.protocol === want.protocol &&
      have.hostname === want.hostname &&
      (loopback || have.port === want.port) &&
      have.pathname === want.pathname &&
      have.search === want.search
    );
  });
}
