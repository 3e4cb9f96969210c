import { EnvPullError } from './env-pull-error.ts';

/** One entry of `pulumi stack history --json` (the fields this check reads). */
export interface HistoryEntry {
  readonly kind: string;
  readonly result: string;
  readonly version: number;
}

// Operations that change what the stack outputs describe. A preview never appears in the
// history; a refresh or rename leaves the outputs of the last update standing.
const DEPLOYING = new Set(['update', 'destroy']);

/**
 * Pure: throws unless the stack's latest deploying operation is an `update` that
 * succeeded, so `.env` is never written from a preview, a failed or running update, or a
 * destroyed stack.
 */
export function assertLastUpdateSucceeded(history: readonly HistoryEntry[]): HistoryEntry {
  const latest = [...history].filter((h) => DEPLOYING.has(h.kind)).sort((a, b) => b.version - a.version)[0];
  if (latest === undefined) {
    throw new EnvPullError('NO_SUCCESSFUL_UPDATE', 'this stack has never been deployed: run `pulumi up` first; .env left unchanged');
  }
  if (latest.kind === 'destroy') {
    throw new EnvPullError('STACK_DESTROYED', `the stack was destroyed (version ${latest.version}); .env left unchanged`);
  }
  if (latest.result !== 'succeeded') {
    throw new EnvPullError('LAST_UPDATE_NOT_SUCCEEDED',
      `the last \`pulumi up\` (version ${latest.version}) ${latest.result === 'failed' ? 'failed' : `is ${latest.result}`}; fix it and run \`pulumi up\` again; .env left unchanged`);
  }
  return latest;
}
