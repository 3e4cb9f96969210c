import { isLoopbackHttpUrl } from '../entra/index.ts';
import { LOOPBACK_NAMES } from '../http/loopback-aliases.ts';

/**
 * Pure: the resources the proxy issues tokens for, its own first. A local server on
 * plain http at a loopback name answers under every loopback name of its port
 * (loopback-aliases.ts), and a client must ask for the resource it called (RFC 9728
 * §3.3, RFC 8707), so `http://127.0.0.1:PORT/mcp` is the same resource as
 * `http://localhost:PORT/mcp` and gets tokens for that name. Any other resource has one name.
 */
export function mcpResourceNames(mcpResource: string): string[] {
  if (!isLoopbackHttpUrl(mcpResource)) return [mcpResource];
  const own = new URL(mcpResource);
  const others = LOOPBACK_NAMES.filter((name) => name !== own.hostname).map((name) => {
    const alias = new URL(own);
    alias.hostname = name;
    return alias.href;
  });
  return [mcpResource, ...others];
}
