/** The OAuth clients: Device Code (`npm run token`) and the discovering sign-in (`npm run sign-in`). */
export { ClientError, HttpError, OAuthError, type ClientErrorCode } from './client-errors.ts';
export { resolveClientSettings, type ClientSettings } from './client-settings.ts';
export { runDeviceCodeFlow, type DeviceCodeFlowOptions, type DevicePrompt, type TokenResponse } from './device-code-flow.ts';
export { discoverAuthorizationServer, type AuthorizationServer } from './discover-authorization-server.ts';
export { getTokenByDeviceCode, type GetTokenByDeviceCodeOptions } from './get-token-by-device-code.ts';
export { tokenReport, type TokenReport } from './token-report.ts';
export { signIn, isConfidentialSignIn, type SignInOptions, type SignInPhase, type SignInResult } from './sign-in-flow.ts';
export { describePhase } from './describe-phase.ts';
export { callMcpWithToken, type McpSessionResult } from './mcp-session.ts';
export { scopeForClient } from './scope-for-client.ts';
export { isEntraAuthorizationServer, entraIssuerMatches } from './entra-issuer.ts';
export { timedFetch, type Fetch } from './timed-fetch.ts';
export { tokenCommand, tokenSpec } from './token-command.ts';
export { signInCommand, signInSpec } from './sign-in-command.ts';
