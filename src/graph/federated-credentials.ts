import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { FederatedCredentialDescription } from '../registration/proxy-mode-registration.ts';
import type { GraphApi } from './graph-client.ts';

/**
 * The federated identity credential step of proxy mode's secretless path: what to do, as a
 * plan line, and the one request that does it. Graph addresses these credentials under the
 * application (https://learn.microsoft.com/graph/api/resources/federatedidentitycredential?view=graph-rest-1.0).
 */
export interface FederatedCredentialStep {
  readonly action: 'create' | 'update' | 'none';
  /** One line for the plan and the progress, e.g. `federated credential: create "…" (subject …)`. */
  readonly summary: string;
  /** Performs the step (nothing for `none`). */
  readonly apply: (graph: GraphApi, objectId: string, justCreated: boolean) => Promise<void>;
}

const sameList = (a: readonly string[] | null | undefined, b: readonly string[]) => (a ?? []).length === b.length && b.every((v) => (a ?? []).includes(v));

/**
 * Pure: compare the credentials the application holds with the one wanted, by `name` (unique
 * per application and not updatable, so it is the key). Same name, other values: update in place.
 */
export function planFederatedCredential(existing: readonly FederatedIdentityCredential[], wanted: FederatedCredentialDescription): FederatedCredentialStep {
  const body = { name: wanted.name, issuer: wanted.issuer, subject: wanted.subject, audiences: [...wanted.audiences], description: wanted.description };
  const current = existing.find((c) => c.name === wanted.name);
  if (current === undefined) {
    return {
      action: 'create',
      summary: `federated credential: create "${wanted.name}" (issuer ${wanted.issuer}, subject ${wanted.subject}, audience ${wanted.audiences.join(', ')})`,
      // POST is not idempotent for retries: a lost 201 and a retry would meet a 409 for its own name.
      apply: async (graph, objectId, justCreated) =>
        void (await graph.request('POST', `/applications/${encodeURIComponent(objectId)}/federatedIdentityCredentials`, body, { idempotent: false, retryNotFound: justCreated })),
    };
  }
  const same = current.issuer === wanted.issuer && current.subject === wanted.subject && sameList(current.audiences, wanted.audiences) && (current.description ?? '') === wanted.description;
  if (same) return { action: 'none', summary: `federated credential: "${wanted.name}" already trusts subject ${wanted.subject}`, apply: async () => undefined };
  const { name: _name, ...patch } = body; // the name cannot change (it is the key)
  return {
    action: 'update',
    summary: `federated credential: update "${wanted.name}": subject ${current.subject ?? '(none)'} -> ${wanted.subject}, issuer ${current.issuer ?? '(none)'} -> ${wanted.issuer}, audience ${(current.audiences ?? []).join(', ') || '(none)'} -> ${wanted.audiences.join(', ')}`,
    // https://learn.microsoft.com/graph/api/federatedidentitycredential-update?view=graph-rest-1.0: PATCH → 204.
    apply: async (graph, objectId) =>
      void (await graph.request('PATCH', `/applications/${encodeURIComponent(objectId)}/federatedIdentityCredentials/${encodeURIComponent(current.id as string)}`, patch, { idempotent: true })),
  };
}

/**
 * `GET /applications/{id}/federatedIdentityCredentials` (at most 20 per application, so one page;
 * https://learn.microsoft.com/graph/api/application-list-federatedidentitycredentials?view=graph-rest-1.0).
 * An application not created yet has none.
 */
export async function listFederatedCredentials(graph: GraphApi, objectId: string | undefined): Promise<FederatedIdentityCredential[]> {
  if (objectId === undefined) return [];
  const found = await graph.request<{ value: FederatedIdentityCredential[] }>('GET', `/applications/${encodeURIComponent(objectId)}/federatedIdentityCredentials`);
  return found.value;
}
