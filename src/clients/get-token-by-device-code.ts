import { AZURE_CLI_CLIENT_ID, fullScope } from '../registration/app-registration.ts';
import { entraIssuer, fetchOpenIdConfiguration } from './authority.ts';
import { ClientError } from './client-errors.ts';
import type { ClientSettings } from './client-settings.ts';
import { runDeviceCodeFlow, type DeviceCodeFlowOptions, type TokenResponse } from './device-code-flow.ts';
import { scopeForClient } from './scope-for-client.ts';

/** Options of {@link getTokenByDeviceCode}. */
export interface GetTokenByDeviceCodeOptions extends Pick<DeviceCodeFlowOptions, 'onPrompt' | 'onPending' | 'fetch' | 'sleep' | 'now' | 'signal'> {
  readonly settings: ClientSettings;
  /** Default Azure CLI's: pre-authorized for the API, so no consent prompt. */
  readonly clientId?: string;
  /** Also ask for `offline_access` (a refresh token). */
  readonly offlineAccess?: boolean;
}

/**
 * An access token for the MCP server by the Device Code flow: finds the endpoints in the
 * tenant's v2.0 discovery document (the same code against Entra and the local provider),
 * asks for `api://{clientId}/access_as_user` (the GUID form if the client is the app
 * itself), and polls until the user signs in.
 */
export async function getTokenByDeviceCode(options: GetTokenByDeviceCodeOptions): Promise<{ tokens: TokenResponse; clientId: string; scope: string }> {
  const fetchImpl = options.fetch ?? fetch;
  const clientId = options.clientId ?? AZURE_CLI_CLIENT_ID;
  const issuer = entraIssuer(options.settings.authorityHost, options.settings.tenantId);
  const metadata = await fetchOpenIdConfiguration(fetchImpl, issuer);
  const deviceEndpoint = metadata.device_authorization_endpoint;
  const tokenEndpoint = metadata.token_endpoint;
  if (typeof deviceEndpoint !== 'string' || typeof tokenEndpoint !== 'string') {
    throw new ClientError('protocol', `the discovery document of ${issuer} names no device_authorization_endpoint or token_endpoint`);
  }
  const scopes = [scopeForClient(fullScope(options.settings.apiClientId), clientId)];
  if (options.offlineAccess === true) scopes.push('offline_access');
  const scope = scopes.join(' ');
  const tokens = await runDeviceCodeFlow({
    deviceAuthorizationEndpoint: deviceEndpoint,
    tokenEndpoint,
    clientId,
    scope,
    onPrompt: options.onPrompt,
    fetch: fetchImpl,
    ...(options.onPending === undefined ? {} : { onPending: options.onPending }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { tokens, clientId, scope };
}
