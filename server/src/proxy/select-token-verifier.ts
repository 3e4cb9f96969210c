import { decodeJwt } from 'jose';
import type { Principal } from '../auth/principal.ts';

type Verify = (token: string) => Promise<Principal>;

/**
 * Proxy mode accepts both kinds of token side by side (issue 9): the proxy's own, and
 * Entra's straight from clients that sign in at Entra themselves (VS Code, Azure CLI, the
 * project's commands). The unverified `iss` only picks the verifier; each verifier then
 * checks everything, so a token claiming the proxy's issuer still needs the proxy's key.
 */
export function selectTokenVerifier(proxyIssuer: string, verifyProxy: Verify, verifyEntra: Verify): Verify {
  return (token) => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      iss = undefined; // not a JWT: Entra's verifier gives the usual answer
    }
    return iss === proxyIssuer ? verifyProxy(token) : verifyEntra(token);
  };
}
