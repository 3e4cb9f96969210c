import { KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A minimal Entra-shaped issuer for server tests: a v2 (and v1) OpenID discovery document
 * and a JWKS on 127.0.0.1, with keys the tests generate, rotate, withdraw or take offline.
 * Tokens are minted with the claims Entra v2 access tokens carry (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 */
export interface TestKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6e5a8f3c-1b2d-4c4e-9f7a-0a1b2c3d4e5f';
export const OTHER_TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const USER_OID = '00000000-0000-0000-66f3-3332eca7ea81';
export const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export async function createTestKey(kid: string = randomUUID()): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', kty: 'RSA' };
  return { kid, privateKey, jwk };
}

/** Signs any header and payload with RS256, bypassing jose's own checks (for hostile tokens). */
export function signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, key: TestKey): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey)).toString('base64url')}`;
}

export interface TestIssuer {
  readonly host: string;
  readonly tenant: string;
  readonly issuer: string;
  /** Keys currently published. Replace the array to rotate or withdraw keys. */
  published: TestKey[];
  /** While true, the JWKS and discovery endpoints answer 503. */
  down: boolean;
  /** How many times the JWKS was requested. */
  jwksRequests: number;
  readonly signingKey: TestKey;
  /** Signs `claims` over Entra v2 defaults; `header` overrides the protected header. */
  mint(claims?: Record<string, unknown>, options?: { key?: TestKey; header?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(options: { tenant?: string; keyIssuerProperty?: boolean } = {}): Promise<TestIssuer> {
  const tenant = options.tenant ?? TENANT_ID;
  const signingKey = await createTestKey();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const multi = tenant === 'organizations' || tenant === 'common';
  const issuerTemplate = `${host}/${multi ? '{tenantid}' : tenant}/v2.0`;
  const state: TestIssuer = {
    host,
    tenant,
    issuer: `${host}/${tenant}/v2.0`,
    published: [signingKey],
    down: false,
    jwksRequests: 0,
    signingKey,
    async mint(claims = {}, mintOptions = {}) {
      const key = mintOptions.key ?? signingKey;
      const now = Math.floor(Date.now() / 1000);
      const tid = (claims['tid'] as string | undefined) ?? (multi ? TENANT_ID : tenant);
      const payload = {
        aud: CLIENT_ID,
        iss: `${host}/${tid}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3900,
        aio: 'AWQAm/8TAAAA',
        azp: AZURE_CLI,
        azpacr: '0',
        name: 'Ada Lovelace',
        oid: USER_OID,
        preferred_username: 'ada@contoso.example',
        rh: '0.AAAA',
        scp: 'access_as_user',
        sub: 'l3_roISQU222bULS9yi2k0XpqpOiMz5H3ZACo1GeXA',
        tid,
        uti: 'fqiBqXLPj0eQa82S-IYFAA',
        ver: '2.0',
        ...claims,
      };
      for (const [k, v] of Object.entries(payload)) if (v === undefined) delete (payload as Record<string, unknown>)[k];
      return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...mintOptions.header } as { alg: string }).sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    if (state.down) return send(503, { error: 'temporarily_unavailable' });
    const path = req.url ?? '/';
    if (path === `/${tenant}/v2.0/.well-known/openid-configuration`) {
      return send(200, { issuer: issuerTemplate, jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`, token_endpoint: `${host}/${tenant}/oauth2/v2.0/token` });
    }
    if (path === `/${tenant}/.well-known/openid-configuration`) {
      return send(200, { issuer: `https://sts.windows.net/${multi ? '{tenantid}' : tenant}/`, jwks_uri: `${host}/${tenant}/discovery/keys` });
    }
    if (path === `/${tenant}/discovery/v2.0/keys` || path === `/${tenant}/discovery/keys`) {
      state.jwksRequests += 1;
      const v2 = path.includes('v2.0');
      return send(200, { keys: state.published.map((k) => ({ ...k.jwk, ...(v2 && options.keyIssuerProperty ? { issuer: issuerTemplate } : {}) })) });
    }
    send(404, { error: 'not found' });
  });
  return state;
}
