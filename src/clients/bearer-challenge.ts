/**
 * Pure: the parameters of the `Bearer` challenge in a `WWW-Authenticate` header (RFC 6750
 * §3, RFC 9728 §5.1), e.g. `resource_metadata` and `scope`. Undefined when there is no
 * Bearer challenge. Quoted values may contain commas and escaped quotes.
 */
export function parseBearerChallenge(header: string | null | undefined): Record<string, string> | undefined {
  if (header === null || header === undefined) return undefined;
  const at = header.search(/(^|[\s,])Bearer(\s|$)/i);
  if (at < 0) return undefined;
  const rest = header.slice(at).replace(/^[\s,]*Bearer\s*/i, '');
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(,|$)/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null && m[0] !== '') {
    const name = m[1]!.toLowerCase();
    params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    // A new scheme (`token68` or `Scheme param=`) ends this challenge.
    if (/^\s*[A-Za-z0-9_-]+\s+[A-Za-z0-9_-]+=/.test(rest.slice(re.lastIndex))) break;
  }
  return params;
}
