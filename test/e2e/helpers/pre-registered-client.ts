import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * The MCP SDK's OAuth client provider with pre-registered client information (no dynamic
 * registration), redirecting to `redirectUrl`. `omitResource` makes the SDK leave out
 * RFC 8707 `resource`, as VS Code does for Entra.
 */
export class PreRegisteredClient implements OAuthClientProvider {
  authorizationUrl: URL | undefined;
  #tokens: OAuthTokens | undefined;
  #verifier = '';
  readonly validateResourceURL: OAuthClientProvider['validateResourceURL'];
  readonly clientId: string;
  readonly redirectUrl: string;

  constructor(clientId: string, redirectUrl: string, omitResource: boolean) {
    this.clientId = clientId;
    this.redirectUrl = redirectUrl;
    this.validateResourceURL = omitResource ? async () => undefined : undefined;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'test', redirect_uris: [this.redirectUrl], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
  }
  clientInformation(): OAuthClientInformationMixed {
    return { client_id: this.clientId };
  }
  tokens(): OAuthTokens | undefined {
    return this.#tokens;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.#tokens = tokens;
  }
  redirectToAuthorization(url: URL): void {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string): void {
    this.#verifier = verifier;
  }
  codeVerifier(): string {
    return this.#verifier;
  }
}
