import { EXIT, type ExitStatus, type ReportableError } from '../cli/command-error.ts';

/**
 * The one error family of `register-app` and `rotate-secret`. Callers branch on `code`,
 * never on message text. It is a `ReportableError`, so the command framework (src/cli)
 * reports it like any other failure, with Graph's status and request id on a line of its own.
 */

/** Stable codes. Graph's own code (e.g. `Authorization_RequestDenied`) rides in `graphCode`. */
export type GraphScriptErrorCode =
  /** Graph answered with an error we have no specific advice for. */
  | 'GRAPH_ERROR'
  /** 403 `Authorization_RequestDenied`: the signed-in identity lacks an Entra role. */
  | 'AUTHORIZATION_DENIED'
  /** 400 on `identifierUris`: a tenant app-management policy refused the URI. */
  | 'IDENTIFIER_URI_REFUSED'
  /** No usable sign-in: `az login` needed, or no credential in the chain. */
  | 'SIGN_IN_REQUIRED'
  /** Two or more applications carry the display name and no client id says which. */
  | 'AMBIGUOUS_APPLICATION'
  /** The client id from the settings names no application in the tenant. */
  | 'APPLICATION_NOT_FOUND'
  /** A transient failure outlived the bounded retries. */
  | 'RETRIES_EXHAUSTED'
  /** The request never got an HTTP answer (DNS, TLS, connection reset). */
  | 'NETWORK_ERROR'
  /** The registration is managed by a Pulumi stack; changing it here would fight the stack. */
  | 'PULUMI_MANAGED'
  /** The token endpoint refused the new secret in the client-credentials check. */
  | 'SECRET_NOT_ACCEPTED'
  /** The token endpoint answered, but with no token its authority signed for this client and tenant. */
  | 'TOKEN_NOT_PROVEN'
  /** A request got no answer within its time limit. */
  | 'TIMEOUT'
  /** Key Vault refused to store the new secret. */
  | 'KEY_VAULT_ERROR'
  /** `.env` could not be written (permissions, missing directory, full disk). */
  | 'ENV_FILE_ERROR'
  /** `--managed-identity` names no managed identity in the tenant. */
  | 'MANAGED_IDENTITY_NOT_FOUND'
  /** A setting or flag is missing or malformed; `detail` names the key. */
  | 'INVALID_SETTINGS';

/** What Graph said, when the failure came from a Graph (or Key Vault) error body. */
export interface GraphErrorInfo {
  readonly status: number;
  /** Graph's `error.code`, e.g. `Request_ResourceNotFound`. */
  readonly graphCode: string;
  readonly message: string;
  /** `error.innerError["request-id"]`: what Microsoft support asks for. */
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly date?: string;
  /** `error.details[].code`, e.g. `NoBackingApplicationObject`. */
  readonly detailCodes: readonly string[];
  /** Seconds from `Retry-After`, when the answer carried one. */
  readonly retryAfter?: string;
}

export interface GraphScriptErrorInit {
  readonly code: GraphScriptErrorCode;
  readonly message: string;
  /** The request that failed, as `METHOD path` (no query secrets, no tokens). */
  readonly request?: string;
  readonly graph?: GraphErrorInfo;
  /** What to do about it, one sentence per entry. */
  readonly advice?: readonly string[];
  readonly cause?: unknown;
}

/**
 * A failure of a Graph script step, carrying a stable `code`, the failed request and
 * Graph's own error fields. Never carries tokens or secrets.
 *
 * @example
 * ```ts
 * throw new GraphScriptError({ code: 'AMBIGUOUS_APPLICATION', message: 'two applications are named entra-mcp' });
 * ```
 */
export class GraphScriptError extends Error implements ReportableError {
  readonly code: GraphScriptErrorCode;
  readonly request: string | undefined;
  readonly graph: GraphErrorInfo | undefined;
  readonly advice: readonly string[];
  /** A bad setting exits 2 (nothing was attempted), like every command's usage errors. */
  readonly exitStatus: ExitStatus;

  constructor(init: GraphScriptErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GraphScriptError';
    this.code = init.code;
    this.request = init.request;
    this.graph = init.graph;
    this.advice = init.advice ?? [];
    this.exitStatus = init.code === 'INVALID_SETTINGS' ? EXIT.usage : EXIT.failed;
  }

  /** For `--json`: the failed request and Graph's own error fields. */
  get details(): Readonly<Record<string, unknown>> {
    return { request: this.request, graph: this.graph };
  }

  /** Graph's status, code and request id: what Microsoft support asks for. */
  get contextLines(): readonly string[] {
    const g = this.graph;
    if (g === undefined) return [];
    const ids = [g.requestId && `request-id ${g.requestId}`, g.clientRequestId && `client-request-id ${g.clientRequestId}`, g.date && `date ${g.date}`].filter(Boolean);
    return [`  Graph: ${g.status} ${g.graphCode}${g.detailCodes.length > 0 ? ` (${g.detailCodes.join(', ')})` : ''}${ids.length > 0 ? `, ${ids.join(', ')}` : ''}`];
  }

  /** The same failure with more advice (e.g. what became of the new password), code and Graph fields kept. */
  withAdvice(more: readonly string[]): GraphScriptError {
    return new GraphScriptError({ code: this.code, message: this.message, request: this.request, graph: this.graph, advice: [...this.advice, ...more], cause: this });
  }
}

/** Narrowing helper that survives module duplication (checks the shape, not the prototype). */
export function isGraphScriptError(error: unknown): error is GraphScriptError {
  return error instanceof Error && error.name === 'GraphScriptError' && typeof (error as GraphScriptError).code === 'string';
}
