/** The faults the Graph stand-in can inject, one kind per field. */

/** A one-off failure for matching requests (`times` of them), or a crash of the caller. */
export interface InjectedFault {
  readonly method?: string;
  /** Matched against the decoded path after `/v1.0`, e.g. `/removePassword$/`. */
  readonly path?: RegExp;
  /** Matched against the request body, e.g. `/identifierUris/`. */
  readonly body?: RegExp;
  times: number;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly retryAfter?: string;
  /** Instead of answering: call this (tests kill the client here), then answer 503 without doing anything. */
  readonly crash?: () => void;
  /**
   * Carry the request out, then lose the answer: a 504 comes back instead, as from a gateway
   * that timed out after the directory committed the change. A retry then meets its own
   * success (a 409 for a second service principal, an unknown keyId for removePassword).
   */
  readonly afterEffect?: boolean;
}

export interface GraphFaults {
  /** Requests addressing a just-created application that still get 404 (replication delay). */
  replicationDelay: number;
  /** `POST /servicePrincipals` for a just-created application refused with `NoBackingApplicationObject`. */
  servicePrincipalLag: number;
  /** 403 `Authorization_RequestDenied` on every write: a user without an app-writer role. */
  denyWrites: boolean;
  /** The tenant's app-management policy refuses every new identifier URI. */
  refuseIdentifierUris: boolean;
  /**
   * Page size of collection reads without `$top`. Graph pages directory objects, 100 by
   * default, and links the rest with `@odata.nextLink` (learn.microsoft.com/graph/paging).
   */
  pageSize: number;
  /**
   * List reads (`$filter`) that still leave out a just-created application: directory
   * reads are eventually consistent and a new object can be missing for a while
   * (REPORTED: devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra).
   */
  listLag: number;
  readonly injected: InjectedFault[];
}

export function noFaults(): GraphFaults {
  return { replicationDelay: 0, servicePrincipalLag: 0, denyWrites: false, refuseIdentifierUris: false, pageSize: 100, listLag: 0, injected: [] };
}
