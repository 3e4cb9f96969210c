import type { IncomingMessage } from 'node:http';
import type { ClientAuthentication } from './check-entra-request.ts';

/**
 * What the Entra front layer learned about a request that oidc-provider does not track:
 * how the client authenticated (`azpacr`). Keyed by the request object oidc-provider is
 * handed, so the access token customizer (which sees `ctx.req`) can read it back.
 */
const azpacrByRequest = new WeakMap<IncomingMessage, ClientAuthentication>();

/** Records the client authentication the front layer checked for `req`. */
export function setClientAuthentication(req: IncomingMessage, azpacr: ClientAuthentication): void {
  azpacrByRequest.set(req, azpacr);
}

/** The client authentication recorded for `req`; 0 (public) when none was. */
export function clientAuthenticationOf(req: IncomingMessage): ClientAuthentication {
  return azpacrByRequest.get(req) ?? 0;
}
