/**
 * The user name ACR expects beside a refresh token obtained from an Entra token (the same
 * one `az acr login --expose-token` prints).
 * https://learn.microsoft.com/azure/container-registry/container-registry-authentication#az-acr-login-with---expose-token
 */
export const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

/** Inputs of {@link exchangeAcrToken}. */
export interface ExchangeAcrTokenArgs {
  /** e.g. `entramcp1a2b3c4d5e6f.azurecr.io`. */
  readonly loginServer: string;
  readonly tenantId: string;
  /** An Entra access token of the deploying identity (Azure Resource Manager audience). */
  readonly accessToken: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/**
 * Trades the deploying identity's Entra access token for an ACR refresh token (valid about
 * three hours), so `pulumi up` can push with the deployer's own Azure RBAC rights: the
 * registry's admin user stays off and no registry password is created or stored.
 * https://github.com/Azure/acr/blob/main/docs/AAD-OAuth.md
 *
 * @returns the refresh token, used as the password for {@link ACR_TOKEN_USERNAME}.
 */
export async function exchangeAcrToken(args: ExchangeAcrTokenArgs): Promise<string> {
  const url = `https://${args.loginServer}/oauth2/exchange`;
  const body = new URLSearchParams({
    grant_type: 'access_token', service: args.loginServer, tenant: args.tenantId, access_token: args.accessToken,
  });
  let response: Response;
  try {
    response = await (args.fetch ?? fetch)(url, {
      method: 'POST', body, signal: AbortSignal.timeout(args.timeoutMs ?? 30_000),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  } catch (error) {
    throw new Error(`POST ${url} failed: ${(error as Error).message}`);
  }
  if (!response.ok) {
    // The body names the reason (e.g. a tenant mismatch); it never echoes the token sent.
    const detail = (await response.text()).slice(0, 300);
    throw new Error(`POST ${url} answered ${response.status}: ${detail}; is the signed-in identity allowed to push (Owner, Contributor or AcrPush on the registry)?`);
  }
  const token = ((await response.json()) as { refresh_token?: unknown }).refresh_token;
  if (typeof token !== 'string' || token === '') throw new Error(`POST ${url} answered without a refresh_token`);
  return token;
}
