import { ok, problem, type Finding } from '../finding.ts';

/**
 * Pure: whether the protected resource (`${MCP_PUBLIC_URL}/mcp`, the `resource` every MCP
 * client sends, RFC 8707) is one of the API registration's identifier URIs. Entra v2 compares
 * them exactly and refuses a mismatch with AADSTS9010010 (a trailing slash is a mismatch)
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
export function checkResourceIdentifierUri(input: { resource: string; identifierUris: readonly string[] }): Finding {
  const check = 'resource-identifier-uri';
  if (input.identifierUris.includes(input.resource)) return ok(check, `the resource ${input.resource} is an identifier URI of the API registration`);
  const near = input.identifierUris.find((u) => u.replace(/\/+$/, '') === input.resource.replace(/\/+$/, ''));
  return problem(
    check,
    'fail',
    near === undefined
      ? `the resource ${input.resource} is not an identifier URI of the API registration (it has ${input.identifierUris.join(', ') || 'none'}): clients that send resource get AADSTS9010010`
      : `the identifier URI ${near} differs from the resource ${input.resource} by a trailing slash: Entra compares them exactly`,
    `add "${input.resource}" to the API registration's identifier URIs (Expose an API → Application ID URI → Add, or npm run register-app with MCP_PUBLIC_URL set); its host must be a verified domain of the tenant (https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions)`,
    { code: 'AADSTS9010010' },
  );
}
