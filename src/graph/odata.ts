/** Helpers for the two ways Graph addresses an application. */
import { isGuid } from '../../server/src/entra/guid.ts';

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
