import { describe, expect, it } from 'vitest';
import { GraphScriptError } from '../graph/graph-script-error.ts';
import { setKeyVaultSecret } from './set-key-vault-secret.ts';

describe('setKeyVaultSecret', () => {
  it('reports a missing sign-in as what it is, not as a network fault, and sends nothing', async () => {
    const requests: string[] = [];
    const signedOut = new GraphScriptError({ code: 'SIGN_IN_REQUIRED', message: 'not signed in', advice: ['Run `az login`'] });
    const error = await setKeyVaultSecret({
      vaultUrl: 'https://kv.vault.azure.net',
      name: 'entra-mcp-client-secret',
      value: 'not-a-real-secret',
      expiresOn: 1_900_000_000,
      getAccessToken: () => Promise.reject(signedOut),
      fetch: async (input) => {
        requests.push(String(input));
        return new Response('{}');
      },
    }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(GraphScriptError);
    expect((error as GraphScriptError).code).toBe('SIGN_IN_REQUIRED');
    expect(requests).toEqual([]);
  });
});
