import { randomBytes } from 'node:crypto';
import type { ProxyStore } from './proxy-store.ts';
import { CONSENT_PATH_PREFIX } from './proxy-routes.ts';

/**
 * Consent remembered per person and client, when the person ticks the box (issue 9).
 * The consent page comes before the Entra sign-in, so the person is not known yet when it
 * would show: a browser cookie names who consented in that browser (a random handle, the
 * person kept server-side), the store says which clients that person allowed, and the
 * callback checks that Entra signed in that same person, or refuses.
 */
export const REMEMBERED_BROWSER_MODEL = 'ProxyConsentBrowser';
export const REMEMBERED_CONSENT_MODEL = 'ProxyRememberedConsent';
export const REMEMBER_COOKIE = 'proxy_consent_browser';

/** The person a remembered consent belongs to. */
export interface ConsentingPerson {
  readonly oid: string;
  readonly tid: string;
}

function consentId(person: ConsentingPerson, clientId: string): string {
  return `${person.tid}/${person.oid}/${clientId}`;
}

/** The `Set-Cookie` value carrying `handle`; sent only to the consent page. */
export function rememberCookie(handle: string, maxAgeSeconds: number, secure: boolean): string {
  return `${REMEMBER_COOKIE}=${handle}; Path=${CONSENT_PATH_PREFIX}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** Records that `person` allowed `clientId`; returns the browser handle to set as a cookie. */
export async function rememberConsent(store: ProxyStore, person: ConsentingPerson, clientId: string, ttlSeconds: number): Promise<string> {
  const handle = randomBytes(32).toString('base64url');
  await store.adapter(REMEMBERED_BROWSER_MODEL).upsert(handle, { oid: person.oid, tid: person.tid }, ttlSeconds);
  await store.adapter(REMEMBERED_CONSENT_MODEL).upsert(consentId(person, clientId), { clientId }, ttlSeconds);
  return handle;
}

/** The person whose remembered consent for `clientId` this browser carries, if any. */
export async function findRememberedConsent(store: ProxyStore, handle: string | undefined, clientId: string): Promise<ConsentingPerson | undefined> {
  if (handle === undefined || handle === '') return undefined;
  const browser = await store.adapter(REMEMBERED_BROWSER_MODEL).find(handle);
  if (typeof browser?.['oid'] !== 'string' || typeof browser['tid'] !== 'string') return undefined;
  const person = { oid: browser['oid'], tid: browser['tid'] };
  return (await store.adapter(REMEMBERED_CONSENT_MODEL).find(consentId(person, clientId))) === undefined ? undefined : person;
}
