/**
 * The directory behind the stand-ins: applications, service principals and the password
 * secrets. Graph and the token endpoint read the same one, as Entra and Graph share a tenant.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { Application, FederatedIdentityCredential, PasswordCredential, ServicePrincipal } from '@microsoft/microsoft-graph-types';

export interface Directory {
  readonly tenantId: string;
  /** The tenant's verified domains (identifier-URI policy); `contoso.example` by default. */
  readonly verifiedDomains: string[];
  readonly applications: Map<string, Application>;
  readonly servicePrincipals: Map<string, ServicePrincipal>;
  /** Application object id → its federated identity credentials (a relationship, not a property of the entity). */
  readonly federatedCredentials: Map<string, FederatedIdentityCredential[]>;
  /** keyId → secretText: Graph returns the text once; the token endpoint checks it. */
  readonly secrets: Map<string, string>;
  /** The Graph access token the stand-in accepts (what `az` or MICROSOFT_GRAPH_TOKEN would hold). */
  readonly graphToken: string;
  /** The Key Vault access token the stand-in accepts. */
  readonly keyVaultToken: string;
  /** The key the token endpoint signs with; its public half is what the JWKS publishes. */
  readonly signingKey: { readonly kid: string; readonly privateKey: KeyObject; readonly publicJwk: JsonWebKey };
  /** Key Vault secrets: name → versions, newest last. */
  readonly vault: Map<string, { value: string; version: string; created: number }[]>;
  now: () => Date;
}

function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  // Graph tokens carry a `nonce` header and cannot be verified by anyone but Graph
  // (https://learn.microsoft.com/entra/identity-platform/access-tokens: tokens for
  // Microsoft APIs are not for other apps to validate), so the stand-in only needs the shape and the `tid`.
  return `${part({ typ: 'JWT', alg: 'RS256', nonce: randomUUID(), kid: 'stand-in' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
}

export function createDirectory(now: () => Date = () => new Date()): Directory {
  const tenantId = randomUUID();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    signingKey: { kid: randomBytes(12).toString('base64url'), privateKey, publicJwk: publicKey.export({ format: 'jwk' }) },
    tenantId,
    verifiedDomains: ['contoso.example'],
    applications: new Map(),
    servicePrincipals: new Map(),
    federatedCredentials: new Map(),
    secrets: new Map(),
    graphToken: fakeJwt({ aud: 'https://graph.microsoft.com', tid: tenantId, scp: 'Application.ReadWrite.All' }),
    keyVaultToken: fakeJwt({ aud: 'https://vault.azure.net', tid: tenantId }),
    vault: new Map(),
    now,
  };
}

/** A new application as `POST /applications` returns it (sample in https://learn.microsoft.com/graph/api/application-post-applications?view=graph-rest-1.0). */
export function newApplication(directory: Directory, body: Application): Application {
  return {
    id: randomUUID(),
    appId: randomUUID(),
    createdDateTime: directory.now().toISOString().replace(/\.\d+Z$/, 'Z'),
    displayName: body.displayName ?? null,
    description: null,
    notes: null,
    identifierUris: [],
    isFallbackPublicClient: null,
    // Default since April 2024 (learn.microsoft.com/graph/whats-new-overview).
    signInAudience: body.signInAudience ?? 'AzureADMyOrg',
    tags: body.tags ?? [],
    api: { requestedAccessTokenVersion: null, acceptMappedClaims: null, knownClientApplications: [], oauth2PermissionScopes: [], preAuthorizedApplications: [] },
    publicClient: { redirectUris: [] },
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
    requiredResourceAccess: [],
    passwordCredentials: [],
    keyCredentials: [],
  };
}

/** Adds a password the way `addPassword` does: `secretText` once, `hint` its first 3 characters. */
export function addPasswordTo(directory: Directory, app: Application, request: PasswordCredential): PasswordCredential {
  const start = request.startDateTime ?? directory.now().toISOString();
  const startMs = Date.parse(start);
  // Default lifetime: two years (https://learn.microsoft.com/graph/api/application-addpassword?view=graph-rest-1.0).
  const end = request.endDateTime ?? new Date(new Date(startMs).setUTCFullYear(new Date(startMs).getUTCFullYear() + 2)).toISOString();
  // 40 characters from Entra's alphabet (letters, digits, `~._-`), within the documented 16-64.
  const secretText = randomBytes(30).toString('base64').replace(/\+/g, '~').replace(/\//g, '.').replace(/=/g, '_');
  const credential: PasswordCredential = {
    customKeyIdentifier: null,
    displayName: request.displayName ?? null,
    endDateTime: end,
    hint: secretText.slice(0, 3),
    keyId: randomUUID(),
    secretText: null,
    startDateTime: start,
  };
  app.passwordCredentials = [...(app.passwordCredentials ?? []), credential];
  directory.secrets.set(credential.keyId as string, secretText);
  return { ...credential, secretText };
}

/** The application whose appId is `clientId`, if any. */
export function byClientId(directory: Directory, clientId: string): Application | undefined {
  return [...directory.applications.values()].find((a) => a.appId === clientId);
}

/**
 * A user-assigned managed identity as Graph lists it: a service principal of type
 * `ManagedIdentity` whose `appId` is the identity's client id and whose `id` is its principal
 * (object) id (https://learn.microsoft.com/graph/api/resources/serviceprincipal?view=graph-rest-1.0).
 */
export function seedManagedIdentity(directory: Directory, displayName = 'id-entra-mcp'): ServicePrincipal {
  const sp: ServicePrincipal = { id: randomUUID(), appId: randomUUID(), displayName, accountEnabled: true, servicePrincipalType: 'ManagedIdentity', tags: [] };
  directory.servicePrincipals.set(sp.id as string, sp);
  return sp;
}
