import { protectedResourceMetadataUrls } from '../clients/discover-protected-resource.ts';
import type { Fetch } from '../clients/timed-fetch.ts';

/** A JSON document and the answer's `Date` header, or why there is none. */
export interface FetchedJson {
  readonly document?: Record<string, unknown>;
  readonly date?: string | null;
  readonly status?: number;
  readonly error?: string;
}

/** GETs a JSON document, keeping the `Date` header (for the clock check); never throws. */
export async function fetchJson(fetchImpl: Fetch, url: string): Promise<FetchedJson> {
  try {
    const response = await fetchImpl(url, { headers: { accept: 'application/json' }, redirect: 'manual' });
    const date = response.headers.get('date');
    const text = await response.text();
    if (!response.ok) return { status: response.status, date, error: `GET ${url} answered ${response.status}` };
    const document: unknown = JSON.parse(text);
    if (document === null || typeof document !== 'object' || Array.isArray(document)) return { status: response.status, date, error: `GET ${url} answered no JSON object` };
    return { document: document as Record<string, unknown>, date, status: response.status };
  } catch (error) {
    return { error: error instanceof SyntaxError ? `GET ${url} answered no JSON` : (error as Error).message };
  }
}

/** What the server says without a token: its metadata (path form, then root) and `/readyz`. */
export interface ServerFacts {
  readonly metadata: FetchedJson;
  readonly ready: FetchedJson;
}

/** Reads the protected resource metadata (RFC 9728 §3.1 path form, then root) and `/readyz`. */
export async function gatherServer(fetchImpl: Fetch, mcpUrl: string, serverUrl: string): Promise<ServerFacts> {
  let metadata: FetchedJson = { error: 'no metadata URL answered' };
  for (const { url } of protectedResourceMetadataUrls(mcpUrl)) {
    metadata = await fetchJson(fetchImpl, url);
    if (metadata.document !== undefined || metadata.status === undefined) break;
  }
  const ready = await fetchJson(fetchImpl, `${serverUrl}/readyz`);
  return { metadata, ready };
}

/** The authorize endpoint's answer to one probe, body capped (an error page is small; a sign-in page needs no reading past its code). */
export async function probeAuthorize(fetchImpl: Fetch, url: string): Promise<{ status: number; location: string | null; body: string } | { error: string }> {
  try {
    const response = await fetchImpl(url, { redirect: 'manual', headers: { accept: 'text/html' } });
    const location = response.headers.get('location');
    const body = location === null ? (await response.text()).slice(0, 200_000) : (await response.body?.cancel(), '');
    return { status: response.status, location, body };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
