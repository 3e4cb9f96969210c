import { isIP } from 'node:net';

/**
 * Whether a URL's `hostname` names this machine: exactly `localhost`, an IPv4 address in
 * 127.0.0.0/8 written as a dotted quad, or `[::1]`. The one rule the project uses wherever
 * plain `http` is allowed (the local identity provider, a local server, stand-ins); a name
 * that merely starts with `127.` (`127.evil.com`) is a DNS name and is not loopback.
 *
 * @example
 * ```ts
 * isLoopbackHostname(new URL('http://127.0.0.1:8000').hostname); // true
 * isLoopbackHostname(new URL('http://127.evil.com').hostname); // false
 * ```
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/**
 * Whether `url` is plain `http` on a loopback host (RFC 8252 §7.3): the only place the
 * project accepts no TLS. A string that is not an absolute URL is not.
 */
export function isLoopbackHttpUrl(url: string | URL): boolean {
  const parsed = asUrl(url);
  return parsed !== undefined && parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname);
}

/** Whether `url` may carry OAuth traffic: `https`, or plain `http` on loopback only. */
export function isHttpsOrLoopbackUrl(url: string | URL): boolean {
  const parsed = asUrl(url);
  return parsed !== undefined && (parsed.protocol === 'https:' || isLoopbackHttpUrl(parsed));
}

function asUrl(url: string | URL): URL | undefined {
  if (typeof url !== 'string') return url;
  return URL.canParse(url) ? new URL(url) : undefined;
}
