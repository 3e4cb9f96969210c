import { ok, problem, skip, type Finding } from '../finding.ts';

/** Pure: `GET /readyz` answered 200 (the server can verify tokens), else why not. */
export function checkServerReady(input: { status: number | undefined; error?: string }): Finding {
  const check = 'readyz';
  if (input.status === 200) return ok(check, 'the server is ready (GET /readyz 200)');
  return problem(
    check,
    'fail',
    input.status === undefined ? `the server did not answer: ${input.error ?? 'no answer'}` : `GET /readyz answered ${input.status}: the server cannot verify tokens yet`,
    input.status === undefined ? 'start it (npm run dev locally; check the Container App otherwise) or fix MCP_SERVER_URL' : "check the server's log: it cannot reach its authority's signing keys (AZURE_AUTHORITY_HOST, AZURE_TENANT_ID)",
  );
}

/** Most clock skew a token's `nbf`/`exp` checks tolerate here: the server's default leeway. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/**
 * Pure: this machine's clock against a server's `Date` header (RFC 9110 §6.6.1). Tokens carry
 * `nbf` and `exp`; a clock off by more than the leeway makes fresh tokens "not yet valid".
 */
export function checkClock(input: { source: string; dateHeader: string | null | undefined; now: Date }): Finding {
  const check = 'clock';
  const at = input.dateHeader == null ? Number.NaN : Date.parse(input.dateHeader);
  if (Number.isNaN(at)) return skip(check, `${input.source} sent no usable Date header`);
  const skew = Math.round((input.now.getTime() - at) / 1000);
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_SECONDS) return ok(check, `this clock and ${input.source}'s agree (${skew} s)`);
  return problem(check, 'fail', `this clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} ${input.source}'s: tokens look ${skew > 0 ? 'expired' : 'not yet valid'}`, 'synchronise the clock (NTP) on the machine that is off');
}

/**
 * Pure: the protected resource metadata describes the URL called (RFC 9728 §3.3: clients
 * refuse it otherwise) and names an authorization server.
 */
export function checkMetadata(input: { mcpUrl: string; metadata: { resource?: unknown; authorization_servers?: unknown } | undefined; error?: string }): Finding {
  const check = 'metadata';
  if (input.metadata === undefined) return problem(check, 'fail', `no protected resource metadata: ${input.error ?? 'no answer'}`, "check MCP_SERVER_URL and the server's MCP_PUBLIC_URL");
  const { resource, authorization_servers: servers } = input.metadata;
  if (resource !== input.mcpUrl) {
    return problem(check, 'fail', `the metadata's resource is ${JSON.stringify(resource)}, not ${input.mcpUrl}: clients refuse it (RFC 9728 §3.3)`, "set the server's MCP_PUBLIC_URL to the URL clients use (or MCP_SERVER_URL in .env to the server's)");
  }
  if (!Array.isArray(servers) || servers.length === 0) return problem(check, 'fail', 'the metadata names no authorization server', "set the server's AZURE_TENANT_ID / AZURE_AUTHORITY_HOST");
  return ok(check, `the metadata describes ${input.mcpUrl} and names ${servers.join(', ')}`);
}

/**
 * Pure: the API's service principal exists in the tenant; without it Entra answers
 * AADSTS500011 ("resource principal not found") to every client asking for its scope.
 */
export function checkServicePrincipal(input: { apiClientId: string; exists: boolean }): Finding {
  const check = 'service-principal';
  if (input.exists) return ok(check, 'the API has a service principal in this tenant');
  return problem(check, 'fail', `no service principal for ${input.apiClientId} in this tenant`, `create it: az ad sp create --id ${input.apiClientId} (or npm run register-app)`, { code: 'AADSTS500011' });
}

/**
 * Pure: what Entra's discovery document says, and whether the tenant offers Client ID Metadata
 * Documents (preview: https://learn.microsoft.com/entra/agent-id/client-id-metadata-documents).
 */
export function checkDiscovery(input: { discoveryUrl: string; document: Record<string, unknown> | undefined; error?: string }): Finding {
  const check = 'discovery';
  if (input.document === undefined) return problem(check, 'fail', `${input.discoveryUrl}: ${input.error ?? 'no answer'}`, 'check AZURE_TENANT_ID and AZURE_AUTHORITY_HOST');
  if (typeof input.document.authorization_endpoint !== 'string') return problem(check, 'fail', `${input.discoveryUrl} names no authorization_endpoint`, 'check AZURE_AUTHORITY_HOST');
  const cimd = input.document.client_id_metadata_document_supported === true;
  return ok(check, `Entra's discovery answers${cimd ? '; this tenant offers Client ID Metadata Documents (preview): clients without a client id can sign in with theirs' : ''}`);
}
