/** Options for one bounded JSON GET. */
export interface FetchJsonOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  /** Bodies above this many bytes are refused while they stream in, never buffered whole. */
  readonly maxBytes: number;
}

/** Reads at most `maxBytes` of a body, cancelling the stream (and so the connection) past that. */
async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number, what: string): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // A chunked body without end must not grow memory: stop reading and drop the connection.
      await reader.cancel().catch(() => undefined);
      throw new Error(`${what} answered more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GETs a JSON object with a timeout and a size cap, following no redirect: keys are taken only
 * from where the issuer's own document says. Every error names the method and the URL
 * (never a token: these requests carry none).
 */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<Record<string, unknown>> {
  const what = `GET ${url}`;
  let response: Response;
  try {
    response = await options.fetch(url, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
    throw new Error(`${what} failed: ${cause}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${what} answered HTTP ${response.status}`);
  }
  if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${what} answered more than ${options.maxBytes} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBounded(response.body, options.maxBytes, what));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`${what} did not answer JSON`);
    if (error instanceof Error && error.message.startsWith(what)) throw error;
    // The timeout can also fire while the body streams in.
    throw new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error(`${what} did not answer a JSON object`);
  return body as Record<string, unknown>;
}
