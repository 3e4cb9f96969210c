import { lookup, type LookupAddress } from 'node:dns';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { isLoopbackHostname } from '../entra/index.ts';

/**
 * The dev stack's and the tests' exemption (never read from the environment, so no
 * deployment can turn it on by mistake): Client ID Metadata Documents served over https
 * from a loopback host are fetched, their certificate checked against `ca`.
 */
export interface LoopbackMetadataDocuments {
  /** PEM certificate(s) of the authority that signed the loopback document host's certificate. */
  readonly ca: string;
}

/** oidc-provider's `fetch` hook: `init` carries its SSRF-checking `dispatcher`. */
export type ProviderFetch = (url: string | URL, init: RequestInit) => Promise<Response>;

const NO_BODY = new Set([101, 204, 205, 304]);

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || (address.startsWith('::ffff:') ? isLoopbackHostname(address.slice(7)) : isLoopbackHostname(address));
}

/** Resolves as `dns.lookup` does, refusing any name that reaches beyond loopback. */
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error !== null) return callback(error, '', 0);
    const outside = addresses.find((a) => !isLoopbackAddress(a.address));
    if (outside !== undefined) return callback(new Error(`${hostname} resolves beyond loopback (${outside.address})`), '', 0);
    if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** GET over https to a loopback host, trusting `ca` only; no redirects followed. */
function fetchFromLoopback(url: URL, init: RequestInit, ca: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => void (headers[name] = value));
    const req = request(url, { method: init.method ?? 'GET', headers, ca, agent: false, lookup: loopbackOnlyLookup, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const answer = new Headers();
      for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) answer.append(name, v);
      const status = res.statusCode ?? 502;
      if (NO_BODY.has(status)) res.resume();
      resolve(new Response(NO_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers: answer }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * oidc-provider's outgoing `fetch` for proxy mode. Without the exemption it is
 * oidc-provider's own (https only, special-use addresses refused after DNS resolution,
 * https://github.com/panva/node-oidc-provider/blob/main/lib/helpers/fetch_request.js).
 * With it, only https URLs naming a loopback host go around that check, still over
 * https, to an address DNS gives as loopback, verified against the given CA; its
 * timeout (the `signal`) and the body limit oidc-provider applies afterwards still hold.
 */
export function metadataDocumentFetch(loopback: LoopbackMetadataDocuments | undefined): ProviderFetch {
  return (url, init) => {
    const target = new URL(url);
    if (loopback !== undefined && target.protocol === 'https:' && isLoopbackHostname(target.hostname)) return fetchFromLoopback(target, init, loopback.ca);
    return globalThis.fetch(url, init);
  };
}
