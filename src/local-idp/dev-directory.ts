/**
 * The local tenant's users: a small directory with names and object ids, and no
 * passwords. Anyone who can reach the provider can sign in as any of them, which is
 * why the provider listens on loopback only.
 */

/** One user of the local tenant. */
export interface DevUser {
  /** Entra's `oid`: the user's object id, stable across applications. */
  readonly oid: string;
  readonly name: string;
  /** Entra's `preferred_username` (the UPN in a work tenant). */
  readonly preferredUsername: string;
}

/** The users the sign-in page lists, in display order. */
export const DEV_USERS: readonly DevUser[] = [
  { oid: '0c2e9f4a-6b1d-4e8a-a3c5-7f9b1d3e5a70', name: 'Adele Vance', preferredUsername: 'adele@entra-mcp.local' },
  { oid: '1d3f0a5b-7c2e-4f9b-b4d6-8a0c2e4f6b81', name: 'Alex Wilber', preferredUsername: 'alex@entra-mcp.local' },
  { oid: '2e4a1b6c-8d3f-4a0c-85e7-9b1d3f5a7c92', name: 'Megan Bowen', preferredUsername: 'megan@entra-mcp.local' },
];

/**
 * Finds a user by object id, by `preferred_username`, or by the part of it before `@`
 * (case-insensitive), so automation can say `adele`.
 */
export function findDevUser(key: string, users: readonly DevUser[] = DEV_USERS): DevUser | undefined {
  const k = key.trim().toLowerCase();
  return users.find((u) => u.oid === k || u.preferredUsername.toLowerCase() === k || u.preferredUsername.toLowerCase().split('@')[0] === k);
}
