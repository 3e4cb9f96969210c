/**
 * Every server setting's default, in one place. The README's configuration table is
 * written from this file; change both together.
 */
import { DEFAULT_AUTHORITY_HOST } from '../entra/index.ts';

export const defaults = {
  AZURE_AUTHORITY_HOST: DEFAULT_AUTHORITY_HOST,
  PORT: 8000,
  HOST: '127.0.0.1',
  /** The delegated scope a user token must carry in `scp` (bare value, as Entra puts it there). */
  REQUIRED_SCOPE: 'access_as_user',
  /** v1 tokens (`sts.windows.net` issuer) are a registration mistake unless you opt in. */
  ACCEPT_V1_TOKENS: false,
  /** Entra puts `nbf` and `iat` at issue time; a minute covers ordinary clock drift. */
  CLOCK_SKEW_SECONDS: 60,
  /** Larger skews turn expiry into a suggestion; refuse to start beyond this. */
  MAX_CLOCK_SKEW_SECONDS: 300,
  /**
   * Entra signs with RS256 (https://learn.microsoft.com/entra/identity-platform/access-tokens);
   * nothing else is accepted unless configured.
   */
  TOKEN_ALGORITHMS: ['RS256'] as readonly string[],
  /**
   * Entra's guidance: refresh on an unknown `kid`, but not more than once per 5 minutes
   * (https://learn.microsoft.com/entra/identity-platform/signing-key-rollover).
   */
  JWKS_COOLDOWN_SECONDS: 300,
  /** Keys are refreshed in the background this often (hourly, per the same page). */
  JWKS_REFRESH_SECONDS: 3600,
  LOG_LEVEL: 'info',
  RESOURCE_NAME: 'entra-mcp',
  /** Request bodies above this are refused with 413 before any parsing. */
  MAX_BODY_BYTES: 1_048_576,
  /** A client has this long to send its headers (slowloris). */
  HEADERS_TIMEOUT_SECONDS: 20,
  /** ...and this long for the whole request; MCP requests are small. */
  REQUEST_TIMEOUT_SECONDS: 60,
  /** An idle keep-alive connection is closed after this; Azure's ingress keeps its own pool. */
  KEEP_ALIVE_TIMEOUT_SECONDS: 5,
  /** Open connections per server; beyond this new ones are dropped, so idle sockets cannot pile up. */
  MAX_CONNECTIONS: 1024,
} as const;

/** Tenants that mean "any organisation": the issuer then depends on the token's own `tid`. */
export const MULTI_TENANT_ALIASES = ['organizations', 'common'] as const;

/** Microsoft Graph audiences: a token for Graph is the commonest wrong token sent to an API. */
export const GRAPH_AUDIENCES = [
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
] as const;
