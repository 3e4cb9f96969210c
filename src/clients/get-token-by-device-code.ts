import { entraV2Issuer } from '../../server/src/entra/index.ts';
import { AZURE_CLI_CLIENT_ID, fullScope } from '../registration/app-registration.ts';
import { ClientError } from './client-errors.ts';
import { discoverAuthorizationServer } from './discover-authorization-server.ts';
import { runDeviceCodeFlow, type DeviceCodeFlowOptions, type TokenResponse } from './device-code-flow.ts';
import { requestScopes } from './oidc-scopes.ts';
import { scopeForClient } from './scope-for-client.ts';
import type { Fetch } from './timed-fetch.ts';

/** Options of {@link getTokenByDeviceCode}. */
export interface GetTokenByDeviceCodeOptions extends Pick<DeviceCodeFlowOptions, 'onPrompt' | 'onPending' | 'sleep' | 'now' | 'signal'> {
  readonly settings: { readonly tenantId: string; readonly apiClientId: string; readonly authorityHost: string };
  /** Default Azure CLI's: pre-authorized for the API, so no consent prompt. */
  readonly clientId?: string;
  /** Also ask for `offline_access` (a refresh token). */
  readonly offlineAccess?: boolean;
  readonly fetch?: Fetch;
}

/**
 * An access token for the MCP server by the Device Code flow: finds the endpoints in the
 * tenant's v2.0 discovery document (the same code against Entra and the local provider),
 * asks for `api://{clientId}/access_as_user` (the GUID form if the client is the app
 * itself), and polls until the user signs in.
 */
export async function getTokenByDeviceCode(options: GetTokenByDeviceCodeOptions): Promise<{ tokens: TokenResponse; clientId: string; scope: string }> {
  const clientId = options.clientId ?? AZURE_CLI_CLIENT_ID;
  const issuer = entraV2Issuer(options.settings.authorityHost, options.settings.tenantId);
  const as = await discoverAuthorizationServer(issuer, { clientId, ...(options.fetch === undefined ? {} : { fetch: options.fetch }) });
  if (as.metadata.device_authorization_endpoint === undefined) {
    throw new ClientError('protocol', `the discovery document of ${issuer} names no device_authorization_endpoint`);
  }
  const scope = requestScopes([scopeForClient(fullScope(options.settings.apiClientId), clientId)], { offlineAccess: options.offlineAccess === true });
  const tokens = await runDeviceCodeFlow({
    config: as.config,
    scope,
    onPrompt: options.onPrompt,
    ...(options.onPending === undefined ? {} : { onPending: options.onPending }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return { tokens, clientId, scope };
}
