import type { Application } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';

/**
 * `PATCH /applications/{id}` → 204. With `justCreated`, a 404 is taken for the replication
 * delay that follows `POST /applications` and retried.
 */
export async function updateApplication(graph: GraphApi, objectId: string, patch: Application, justCreated: boolean): Promise<void> {
  await graph.request('PATCH', `/applications/${encodeURIComponent(objectId)}`, patch, { idempotent: true, retryNotFound: justCreated });
}
