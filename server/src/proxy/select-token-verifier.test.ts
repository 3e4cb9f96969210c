import { UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { DEFAULT_AUTHORITY_HOST, entraV2Issuer } from '../entra/index.ts';
import { selectTokenVerifier } from './select-token-verifier.ts';

const by = (who: string) => async () => ({ oid: who }) as unknown as Principal;

describe('selectTokenVerifier', () => {
  const verify = selectTokenVerifier('https://mcp.example.com', by('proxy'), by('entra'));
  it("sends the proxy's tokens to the proxy verifier and everything else to Entra's", async () => {
    const proxyToken = new UnsecuredJWT({}).setIssuer('https://mcp.example.com').encode();
    const entraToken = new UnsecuredJWT({}).setIssuer(entraV2Issuer(DEFAULT_AUTHORITY_HOST, 't')).encode();
    expect((await verify(proxyToken)).oid).toBe('proxy');
    expect((await verify(entraToken)).oid).toBe('entra');
    expect((await verify('not-a-jwt')).oid).toBe('entra');
    expect((await verify(new UnsecuredJWT({}).setIssuer('https://mcp.example.com/').encode())).oid).toBe('entra');
  });
});
