import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FederatedCredentialDescription } from '../registration/proxy-mode-registration.ts';
import { createManagedIdentityEndpoint, MANAGED_IDENTITY_PATH, type LocalManagedIdentity } from './managed-identity-endpoint.ts';
import type { SigningKey } from './signing-key.ts';
import { verifyClientAssertion } from './verify-client-assertion.ts';

/** Workload identity in the local tenant: the options of `startLocalIdp` it reads. */
export interface WorkloadIdentityOptions {
  /** User-assigned managed identities the local host has; their endpoint is served at `/msi/token`. */
  readonly managedIdentities?: readonly LocalManagedIdentity[];
  /** The app's federated identity credentials, made once the provider's address (its issuer) is known. */
  readonly federatedCredentials?: (tenant: { authorityHost: string; tenantId: string }) => readonly FederatedCredentialDescription[];
}

/** Where the local managed identity endpoint is: the `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` a host would set. */
export interface LocalIdentityEndpoint {
  readonly endpoint: string;
  readonly header: string;
}

/**
 * The local tenant's side of workload identity federation: a managed identity endpoint in
 * Container Apps' shape, whose tokens the tenant signs with its own key (a managed identity's
 * token is issued by its tenant), and the check of a client assertion against the app's
 * federated credentials, with the tenant's keys as the only issuer keys it can read.
 */
export function localWorkloadIdentity(options: WorkloadIdentityOptions, tenant: { authorityHost: string; tenantId: string; issuer: string; apiClientId: string; key: SigningKey; now?: () => number }) {
  const identity: LocalIdentityEndpoint = { endpoint: `${tenant.authorityHost}${MANAGED_IDENTITY_PATH}`, header: randomBytes(24).toString('base64url') };
  const credentials = options.federatedCredentials?.({ authorityHost: tenant.authorityHost, tenantId: tenant.tenantId }) ?? [];
  const endpoint = createManagedIdentityEndpoint({ identities: options.managedIdentities ?? [], header: identity.header, issuer: tenant.issuer, tenantId: tenant.tenantId, signingKey: tenant.key.privateJwk, ...(tenant.now === undefined ? {} : { now: tenant.now }) });
  const keys = { keys: [tenant.key.publicJwk] };
  return {
    identity,
    /** Answers `/msi/token`; false for every other path. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (new URL(req.url ?? '/', 'http://local').pathname !== MANAGED_IDENTITY_PATH) return false;
      void endpoint(req, res).catch(() => void res.writeHead(500).end());
      return true;
    },
    verifyClientAssertion: (params: Readonly<Record<string, string>>): Promise<void> =>
      verifyClientAssertion(params.client_assertion_type, params.client_assertion, {
        // Only the app registration has federated credentials here.
        credentials: params.client_id?.toLowerCase() === tenant.apiClientId ? credentials : [],
        keysOf: (issuer) => (issuer === tenant.issuer ? keys : undefined),
        now: new Date(tenant.now?.() ?? Date.now()),
      }),
  };
}
