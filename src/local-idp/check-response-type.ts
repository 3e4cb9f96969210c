import { EntraError } from './entra-error.ts';

/**
 * Pure, `/authorize`: the registration enables no implicit grant (neither access nor ID
 * tokens from `/authorize`), so Entra takes `response_type=code` only and answers any
 * other value with AADSTS700054 "response_type '...' is not enabled for the application"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes; wording REPORTED in microsoftgraph/msgraph-sample-reactspa#39).
 * oidc-provider would answer a 500 `server_error` here. A missing one is AADSTS900144.
 */
export function checkResponseType(responseType: string | undefined): void {
  if (responseType === undefined || responseType === '') {
    throw new EntraError('invalid_request', 900144, "The request body must contain the following parameter: 'response_type'.");
  }
  if (responseType !== 'code') {
    throw new EntraError('unsupported_response_type', 700054, `response_type '${responseType}' is not enabled for the application.`);
  }
}

/**
 * Pure: where `/authorize` errors go back. Entra's default response mode is `query` for
 * `code` and `fragment` for a response type carrying tokens (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-implicit-grant-flow).
 */
export function errorsInFragment(responseMode: string | undefined, responseType: string | undefined): boolean {
  if (responseMode !== undefined) return responseMode === 'fragment';
  return responseType !== undefined && responseType !== 'code' && /(^| )(token|id_token)( |$)/.test(responseType);
}
