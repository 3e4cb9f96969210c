import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from '../auth/auth-error.ts';
import { type ChallengeContext, toChallengeResponse } from '../auth/challenge-response.ts';
import { extractBearerToken } from '../auth/extract-bearer-token.ts';
import type { Principal } from '../auth/principal.ts';
import type { Authenticate } from '../auth/request-authenticator.ts';
import type { Logger } from '../logger.ts';
import type { ToolCatalog } from '../mcp/tool-catalog.ts';
import { createOriginPolicy } from './cors-policy.ts';
import { serveMcp } from './mcp-endpoint.ts';
import { refusal } from './refusal.ts';
import type { RequestLog } from './request-log.ts';
import { sendJson } from './send-json.ts';

export interface McpRouteOptions {
  readonly publicUrl: string;
  readonly allowedOrigins: readonly string[];
  readonly challenge: ChallengeContext;
  readonly catalog: ToolCatalog;
  readonly maxBodyBytes: number;
  /** Undefined turns authentication off: only the benchmark's baseline does that. */
  readonly authenticate: Authenticate | undefined;
  readonly logger: Logger;
}

/** `/mcp`: the Origin rule, then the bearer token, then the MCP SDK. */
export function createMcpRoute(options: McpRouteOptions) {
  const originPolicy = createOriginPolicy(options.publicUrl, options.allowedOrigins);
  return async (req: IncomingMessage, res: ServerResponse, url: URL, log: RequestLog): Promise<void> => {
    const decision = originPolicy(req, res);
    if (decision === 'refuse') return sendJson(req, res, refusal('origin_not_allowed'));
    if (decision === 'preflight-answered') return;
    let principal: Principal | undefined;
    let token: string | undefined;
    if (options.authenticate !== undefined) {
      try {
        token = extractBearerToken(req.headers.authorization, url.searchParams);
        principal = await options.authenticate(token);
        log.principal = principal;
      } catch (error) {
        log.authError = error instanceof AuthError ? error.code : 'internal';
        if (!(error instanceof AuthError)) options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'authentication failed unexpectedly');
        return sendJson(req, res, toChallengeResponse(error, options.challenge));
      }
    }
    Object.assign(log, await serveMcp(req, res, options.catalog, principal, token, options.maxBodyBytes));
  };
}
