import type Provider from 'oidc-provider';
import type { DevUser } from './dev-directory.ts';
import { OIDC_SCOPE_SET } from './entra-scopes.ts';

/**
 * Approves a pending device code as `user`, as if they had entered the code, signed in
 * and confirmed: the non-interactive sign-in for automation (`--auto-sign-in`). Sets on
 * the code what oidc-provider's own device flow sets when the user finishes
 * (lib/actions/authorization/device.js, `deviceVerificationResponse`), with a grant for
 * the requested scopes.
 *
 * @param deviceCode - the `device_code` value the client polls with
 * @param resourceIndicator - the API's resource indicator, bound when API scopes were asked
 */
export async function approveDeviceCode(provider: Provider, deviceCode: string, user: DevUser, resourceIndicator: string): Promise<void> {
  const code = await provider.DeviceCode.find(deviceCode);
  if (code === undefined) throw new Error('device code not found');
  const requested = String(code.params?.scope ?? '').split(' ').filter((s) => s !== '');
  const oidc = requested.filter((s) => OIDC_SCOPE_SET.has(s));
  const api = requested.filter((s) => !OIDC_SCOPE_SET.has(s));
  const grant = new provider.Grant({ accountId: user.oid, clientId: code.clientId });
  if (oidc.length > 0) grant.addOIDCScope(oidc.join(' '));
  if (api.length > 0) grant.addResourceScope(resourceIndicator, api.join(' '));
  const grantId = await grant.save();
  Object.assign(code, {
    accountId: user.oid,
    authTime: Math.floor(Date.now() / 1000),
    grantId,
    scope: requested.join(' '),
    ...(api.length > 0 ? { resource: resourceIndicator } : {}),
  });
  await code.save();
}
