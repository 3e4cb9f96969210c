import type { KnownMcpClientId } from '../registration/known-mcp-clients.ts';

/** `fail`: sign-in will fail; `warn`: it may, or some client will; `skip`: not checked, and why. */
export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** What one check found: every check is a pure function returning these. */
export interface Finding {
  /** Stable id of the check, e.g. `resource-identifier-uri`. */
  readonly check: string;
  readonly status: FindingStatus;
  /** One line: what was found. */
  readonly summary: string;
  /** The error Entra would answer, e.g. `AADSTS9010010`. */
  readonly code?: string;
  /** The exact change that fixes it. */
  readonly fix?: string;
  /** The client this finding is about, for per-client checks and probes. */
  readonly client?: KnownMcpClientId;
}

/** Builders that keep each check's body to its decision. */
export const ok = (check: string, summary: string, client?: KnownMcpClientId): Finding => ({ check, status: 'ok', summary, ...(client === undefined ? {} : { client }) });
export const skip = (check: string, summary: string, client?: KnownMcpClientId): Finding => ({ check, status: 'skip', summary, ...(client === undefined ? {} : { client }) });
export function problem(check: string, status: 'warn' | 'fail', summary: string, fix: string, extra: { code?: string; client?: KnownMcpClientId } = {}): Finding {
  return { check, status, summary, fix, ...extra };
}
