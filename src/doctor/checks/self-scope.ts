import { ok, problem, type Finding } from '../finding.ts';

/**
 * Pure: configurable clients must not be given the API's own client id. An app asking a token
 * for itself must use the GUID form of the scope, else AADSTS90009, and the metadata names the
 * URI form (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). They use
 * the "entra-mcp clients" registration instead.
 */
export function checkSelfScope(input: { apiClientId: string; clientsClientId: string | undefined }): Finding {
  const check = 'clients-registration';
  if (input.clientsClientId === undefined) {
    return problem(check, 'warn', 'MCP_CLIENTS_CLIENT_ID is not set: clients that take a client id have none to use (given AZURE_CLIENT_ID they get AADSTS90009)', 'run npm run register-app (or pulumi up) and put the "entra-mcp clients" client id in .env as MCP_CLIENTS_CLIENT_ID', { code: 'AADSTS90009' });
  }
  if (input.clientsClientId === input.apiClientId) {
    return problem(check, 'fail', 'MCP_CLIENTS_CLIENT_ID is the API registration itself: clients asking for its scope get AADSTS90009', 'set MCP_CLIENTS_CLIENT_ID to the "entra-mcp clients" registration, not AZURE_CLIENT_ID', { code: 'AADSTS90009' });
  }
  return ok(check, `clients use the "entra-mcp clients" registration ${input.clientsClientId}`);
}
