import type { Application } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';
import { isGraphScriptError } from './graph-script-error.ts';

/**
 * `POST /applications/{id}/removePassword {keyId}` → 204, retried like any idempotent call.
 * A retry can meet its own success: the first attempt removed the password but its answer was
 * lost (a 5xx or a dropped connection), and Graph then refuses the unknown keyId (with a 4xx
 * whose exact code is undocumented). So a 400/404 is checked against the application itself:
 * when it no longer holds the keyId, the password is gone, which is all this step wants.
 */
export async function removePassword(graph: GraphApi, objectId: string, keyId: string): Promise<void> {
  const path = `/applications/${encodeURIComponent(objectId)}`;
  try {
    await graph.request('POST', `${path}/removePassword`, { keyId }, { idempotent: true });
  } catch (error) {
    const status = isGraphScriptError(error) ? error.graph?.status : undefined;
    if (status !== 400 && status !== 404) throw error;
    const app = await graph.request<Application>('GET', path).catch(() => undefined);
    if (app === undefined || (app.passwordCredentials ?? []).some((p) => p.keyId === keyId)) throw error;
  }
}
