import { ClientError, OAuthError } from './client-errors.ts';

/** The `fetch` the clients use; injected so tests and other runtimes can supply theirs. */
export type Fetch = typeof fetch;

async function send(fetchImpl: Fetch, method: 'GET' | 'POST', url: string, init: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  const request = `${method} ${url}`;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, method, redirect: 'manual' });
  } catch (error) {
    throw new ClientError('network', `${request} failed: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`, request, { cause: error });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (body !== null && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string') {
    throw new OAuthError(body as { error: string }, response.status, request);
  }
  if (!response.ok || body === undefined) {
    throw new ClientError('http', `${request} answered ${response.status}${body === undefined ? ' without JSON' : ''}`, request);
  }
  return { status: response.status, body, headers: response.headers };
}

/** POSTs an OAuth form and returns the JSON answer; throws OAuthError, ClientError('http'|'network'). */
export async function postForm(fetchImpl: Fetch, url: string, form: Readonly<Record<string, string | undefined>>): Promise<Record<string, unknown>> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) params.set(k, v);
  const { body } = await send(fetchImpl, 'POST', url, { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: params });
  return body as Record<string, unknown>;
}

/** GETs a JSON document (discovery, metadata). */
export async function getJson(fetchImpl: Fetch, url: string): Promise<Record<string, unknown>> {
  const { body } = await send(fetchImpl, 'GET', url, { headers: { accept: 'application/json' } });
  return body as Record<string, unknown>;
}
