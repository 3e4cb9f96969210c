import type { PasswordCredential } from '@microsoft/microsoft-graph-types';
import type { GraphApi } from './graph-client.ts';

/** What to ask for: Graph generates the secret itself (`secretText`, returned once). */
export interface NewPassword {
  readonly displayName: string;
  readonly endDateTime: string;
}

/**
 * `POST /applications/{id}/addPassword` → 200 with `secretText` (only now), `hint`, `keyId`,
 * `endDateTime`. Not retried on a 5xx: a retry could add a second password nobody holds.
 */
export async function addPassword(graph: GraphApi, objectId: string, password: NewPassword, justCreated = false): Promise<PasswordCredential> {
  return graph.request<PasswordCredential>('POST', `/applications/${encodeURIComponent(objectId)}/addPassword`, { passwordCredential: password }, { idempotent: false, retryNotFound: justCreated });
}
