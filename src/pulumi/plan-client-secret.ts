import { appRegistration, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { parseDay } from './load-settings.ts';

/** The client secret's inputs and the resource options that make rotation safe. */
export interface ClientSecretPlan {
  readonly displayName: string;
  /** RFC 3339, midnight UTC `lifetimeDays` after the rotation date. */
  readonly endDate: string;
  /** azuread replaces the password when this map changes (a "keeper"). */
  readonly rotateWhenChanged: { readonly rotation: string };
  readonly options: {
    /** Explicit, so a rotation replaces even if a provider release stopped forcing it. */
    readonly replaceOnChanges: readonly string[];
    /** false: the new secret exists before the old one is removed, so nothing is left without one. */
    readonly deleteBeforeReplace: false;
  };
}

const DAY_MS = 86_400_000;

/**
 * Pure: the client secret for one rotation date. The end date derives from the rotation
 * date, not from "now", so re-running `pulumi up` never changes it; changing the rotation
 * date changes both the keeper and the end date, which replaces the secret
 * create-before-delete. (`endDateRelative` is deprecated in azuread v6 and was reported
 * ignored, hashicorp/terraform-provider-azuread#1424, hence a fixed date.)
 *
 * @param rotation `YYYY-MM-DD`, already checked by `loadSettings`.
 * @example
 * planClientSecret('2026-11-22').endDate; // '2027-05-21T00:00:00Z' with a 180-day lifetime
 */
export function planClientSecret(rotation: string, description: AppRegistrationDescription = appRegistration): ClientSecretPlan {
  const day = parseDay(rotation);
  if (!day) throw new TypeError(`rotation must be YYYY-MM-DD, got ${JSON.stringify(rotation)}`);
  const end = new Date(day.getTime() + description.clientSecret.lifetimeDays * DAY_MS);
  return {
    displayName: `${description.clientSecret.displayName} ${rotation}`,
    endDate: `${end.toISOString().slice(0, 19)}Z`,
    rotateWhenChanged: { rotation },
    options: { replaceOnChanges: ['rotateWhenChanged', 'endDate'], deleteBeforeReplace: false },
  };
}
