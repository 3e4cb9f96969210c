/** Helpers for the two ways Graph addresses an application. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID such as a client id or object id. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * `/applications(appId='{clientId}')`: Graph's alternate key, so a client id from `.env`
 * needs no lookup of the object id first. Only a GUID is accepted: the value is pasted into a URL.
 */
export function applicationByClientId(clientId: string): string {
  if (!isGuid(clientId)) throw new TypeError(`not a client id (GUID): ${JSON.stringify(clientId)}`);
  return `/applications(appId='${clientId}')`;
}

/** An OData string literal: single quotes doubled (OData ABNF `SQUOTE-in-string`). */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `?$filter=…` with the expression percent-encoded, so `&`, `#` or `=` in a name cannot break the query. */
export function filterQuery(expression: string): string {
  return `?$filter=${encodeURIComponent(expression)}`;
}
