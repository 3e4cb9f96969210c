import { isGraphScriptError } from './graph-script-error.ts';

/**
 * Pure: the lines a user reads for a failure: our stable code and message, Graph's code,
 * status and request id (what Microsoft support asks for), then what to do.
 *
 * @example
 * ```ts
 * formatGraphScriptError(error).join('\n');
 * // error [AUTHORIZATION_DENIED]: Graph refused PATCH /applications/…: Insufficient privileges…
 * //   Graph: 403 Authorization_RequestDenied, request-id 9f…, date 2026-…
 * //   what to do: …
 * ```
 */
export function formatGraphScriptError(error: unknown): string[] {
  if (!isGraphScriptError(error)) {
    return [`error [UNEXPECTED]: ${error instanceof Error ? error.message : String(error)}`];
  }
  const lines = [`error [${error.code}]: ${error.message}`];
  const g = error.graph;
  if (g !== undefined) {
    const ids = [g.requestId && `request-id ${g.requestId}`, g.clientRequestId && `client-request-id ${g.clientRequestId}`, g.date && `date ${g.date}`].filter(Boolean);
    lines.push(`  Graph: ${g.status} ${g.graphCode}${g.detailCodes.length > 0 ? ` (${g.detailCodes.join(', ')})` : ''}${ids.length > 0 ? `, ${ids.join(', ')}` : ''}`);
  }
  for (const advice of error.advice) lines.push(`  what to do: ${advice}`);
  return lines;
}

/** Pure: the same failure for `--json`. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (!isGraphScriptError(error)) return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
  return {
    code: error.code,
    message: error.message,
    request: error.request,
    graph: error.graph,
    advice: error.advice,
  };
}
