/**
 * What proxy mode (issue 9, docs/proxy-mode.md) adds to the API's app registration: a Web
 * redirect URI for the server's callback, and the credential the server redeems Entra's codes
 * with (a client secret, or, secretless, a federated credential trusting a managed identity).
 * The Pulumi program and `npm run register-app` both read these.
 */
import { entraV2Issuer } from '../../server/src/entra/index.ts';
import { tokenExchangeAudience } from '../../server/src/entra/token-exchange-audience.ts';
import { UPSTREAM_CALLBACK_PATH } from '../../server/src/proxy/upstream-callback-path.ts';
import type { RedirectUri } from './app-registration.ts';

// The audience is the server's fact too (it asks its managed identity for a token with it); re-exported for the registration's readers.
export { TOKEN_EXCHANGE_AUDIENCES, tokenExchangeAudience } from '../../server/src/entra/token-exchange-audience.ts';

/**
 * Proxy mode (issue 9, docs/proxy-mode.md): the server redeems Entra's codes itself, with the
 * app's own credential, at `${MCP_PUBLIC_URL}/oauth/callback`. That URI goes on the **Web**
 * platform: Entra then expects the app's credential at the token endpoint (a confidential
 * client), which the public-client URIs above never send.
 */
export function proxyCallbackRedirectUri(publicUrl: string): RedirectUri {
  return { uri: `${new URL(publicUrl).origin}${UPSTREAM_CALLBACK_PATH}`, platform: 'web', purpose: "proxy mode: Entra's redirect back to the server (confidential, the app's own credential)" };
}

/** A federated identity credential as Graph's `federatedIdentityCredential` names its fields. */
export interface FederatedCredentialDescription {
  /** Unique per application, at most 120 characters, fixed once created. */
  readonly name: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  readonly description: string;
}

/**
 * The secretless path of proxy mode: the app registration trusts the Container App's
 * user-assigned managed identity. Issuer is the tenant's v2 issuer, subject the identity's
 * object (principal) id, audience the cloud's token-exchange audience
 * (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential?view=graph-rest-1.0).
 */
export function managedIdentityFederatedCredential(options: { authorityHost: string; tenantId: string; principalId: string }): FederatedCredentialDescription {
  return {
    name: 'entra-mcp-proxy-managed-identity',
    issuer: entraV2Issuer(options.authorityHost, options.tenantId),
    subject: options.principalId,
    audiences: [tokenExchangeAudience(options.authorityHost)],
    description: "entra-mcp proxy mode: the server's managed identity redeems Entra's codes for this app (no client secret)",
  };
}
