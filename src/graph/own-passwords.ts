import type { PasswordCredential } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import type { NewPassword } from './add-password.ts';

/**
 * Pure: the passwords this tool created, recognised by display name: exactly the
 * description's secret name, alone or followed by a space and a `YYYY-MM-DD` date (what
 * `newPasswordRequest` makes). Anything else, including `entra-mcp ci` made by a pipeline,
 * belongs to someone else and is never counted, kept or removed by these scripts.
 */
export function ownPasswords(passwords: readonly PasswordCredential[], description: AppRegistrationDescription): PasswordCredential[] {
  const name = description.clientSecret.displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ours = new RegExp(`^${name}(?: \\d{4}-\\d{2}-\\d{2})?$`);
  return passwords.filter((p) => ours.test(p.displayName ?? ''));
}

const DAY_MS = 86_400_000;

/**
 * Pure: the `passwordCredential` to ask Graph for: display name with the date (so the
 * portal's list says which rotation made it), end date from `days` or the description.
 *
 * @example
 * ```ts
 * newPasswordRequest(appRegistration, new Date('2026-11-22T00:00:00Z'), 30);
 * // { displayName: 'entra-mcp 2026-11-22', endDateTime: '2026-12-22T00:00:00.000Z' }
 * ```
 */
export function newPasswordRequest(description: AppRegistrationDescription, now: Date, days?: number): NewPassword {
  const lifetime = days ?? description.clientSecret.lifetimeDays;
  return {
    displayName: `${description.clientSecret.displayName} ${now.toISOString().slice(0, 10)}`,
    endDateTime: new Date(now.getTime() + lifetime * DAY_MS).toISOString(),
  };
}
