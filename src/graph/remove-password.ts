import type { GraphApi } from './graph-client.ts';

/** `POST /applications/{id}/removePassword {keyId}` → 204. Safe to repeat (idempotent effect). */
export async function removePassword(graph: GraphApi, objectId: string, keyId: string): Promise<void> {
  await graph.request('POST', `/applications/${encodeURIComponent(objectId)}/removePassword`, { keyId }, { idempotent: true });
}
