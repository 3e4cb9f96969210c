/** Exit statuses every command uses: scripts and pipelines branch on these. */
export const EXIT = {
  ok: 0,
  /** The operation failed (a refusal, a network error, a bad answer). */
  failed: 1,
  /** The command line or a setting is wrong; nothing was attempted. */
  usage: 2,
  /** The user stopped it (Ctrl-C), as shells report SIGINT. */
  cancelled: 130,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/**
 * What any error must carry for a command to report it well: a stable `code` callers may
 * branch on, a message, and what to do. The project's error families (`GraphScriptError`,
 * `ClientError`, `CommandError`) all have this shape.
 */
export interface ReportableError {
  readonly code: string;
  readonly message: string;
  readonly advice?: readonly string[];
  /** Exit status, when the error says (else `failed`). */
  readonly exitStatus?: ExitStatus;
  /** Extra fields for `--json` (never tokens or secrets). */
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * Lines shown between the message and the advice, already indented, e.g. Graph's
   * `  Graph: 403 Authorization_RequestDenied, request-id …` (what Microsoft support asks for).
   */
  readonly contextLines?: readonly string[];
}

/**
 * A failure a command reports with a stable code. `USAGE` and `INVALID_SETTINGS` exit 2,
 * `CANCELLED` 130, anything else 1.
 *
 * @example
 * ```ts
 * throw new CommandError('INVALID_SETTINGS', 'AZURE_TENANT_ID is required', ['Run npm run dev, or set AZURE_TENANT_ID in .env.']);
 * ```
 */
export class CommandError extends Error implements ReportableError {
  readonly code: string;
  readonly advice: readonly string[];
  readonly exitStatus: ExitStatus;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, advice: readonly string[] = [], options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CommandError';
    this.code = code;
    this.advice = advice;
    this.details = options.details;
    this.exitStatus = code === 'USAGE' || code === 'INVALID_SETTINGS' ? EXIT.usage : code === 'CANCELLED' ? EXIT.cancelled : EXIT.failed;
  }
}

/** Whether `error` has the reportable shape (checks the shape, so duplicated modules still match). */
export function isReportableError(error: unknown): error is Error & ReportableError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}
