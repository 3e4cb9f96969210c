import { isLoopbackHttpUrl } from '../../server/src/entra/index.ts';

/** Why a request got no HTTP answer, in words, and what to do. */
export interface NetworkFailure {
  readonly reason: string;
  readonly advice: readonly string[];
}

function codeOf(error: unknown): string | undefined {
  // undici's `fetch failed` TypeError carries the socket error as `cause` (sometimes nested).
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e !== undefined && e !== null && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && e.code !== 'UND_ERR_SOCKET') return e.code;
  }
  return undefined;
}

const TLS = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_)/;

/**
 * Pure: the cause of a failed request (DNS, refused, reset, TLS) and, for the local stack,
 * the hint to start it. Only a loopback URL gets the `npm run dev` hint: for a deployed
 * server it would send people the wrong way.
 */
export function describeNetworkFailure(url: string, error: unknown): NetworkFailure {
  const code = codeOf(error);
  const origin = new URL(url).origin;
  const local = isLoopbackHttpUrl(url);
  const localHint = `nothing answers on ${origin}: start the local stack with \`npm run dev\` (in another terminal), or point .env at a running server`;
  switch (true) {
    case code === 'ECONNREFUSED':
      return { reason: `connection refused by ${origin} (ECONNREFUSED)`, advice: [local ? localHint : `check that the server at ${origin} is up and that the URL's port is right`] };
    case code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME':
      return { reason: `no DNS record for ${new URL(url).hostname} (${code})`, advice: ['check the host name in the URL, and your network or VPN'] };
    case code === 'ECONNRESET' || code === 'EPIPE':
      return { reason: `${origin} closed the connection (${code})`, advice: [local ? localHint : 'try again; if it persists, check proxies between you and the server'] };
    case code !== undefined && TLS.test(code):
      return { reason: `TLS failed with ${origin} (${code})`, advice: ['the server\'s certificate is not trusted here: check the URL (https for a deployed server), or set NODE_EXTRA_CA_CERTS to your CA bundle'] };
    default: {
      // undici says only `fetch failed`; the reason (`bad port`, `unknown scheme`) is in its cause.
      const cause = (error as { cause?: unknown }).cause;
      const message = [error, cause].filter((e): e is Error => e instanceof Error).map((e) => e.message).join(': ') || String(error);
      return { reason: `${message}${code === undefined ? '' : ` (${code})`}`, advice: local ? [localHint] : [] };
    }
  }
}
