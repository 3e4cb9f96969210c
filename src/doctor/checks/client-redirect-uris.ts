import { isLoopbackHttpUrl } from '../../../server/src/entra/index.ts';
import { codexCallbackId, type KnownMcpClient } from '../../registration/known-mcp-clients.ts';
import { ok, problem, skip, type Finding } from '../finding.ts';

/** The redirect URIs of the "entra-mcp clients" registration, per platform, as Graph lists them. */
export interface RegisteredRedirects {
  readonly publicClient: readonly string[];
  readonly web: readonly string[];
  readonly spa: readonly string[];
}

/**
 * Pure: whether `registered` matches `wanted` as Entra matches redirect URIs: exactly, except
 * that the port of an http loopback URI is ignored
 * (https://learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions).
 */
export function redirectMatches(registered: string, wanted: string): boolean {
  if (registered === wanted) return true;
  if (!isLoopbackHttpUrl(registered) || !isLoopbackHttpUrl(wanted)) return false;
  const a = new URL(registered);
  const b = new URL(wanted);
  return a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search;
}

/** Pure: the redirect URIs `client` sends for the MCP URL (Codex's path depends on it). */
export function wantedRedirects(client: KnownMcpClient, mcpUrl: string): { uri: string; platform: 'publicClient' | 'web' }[] {
  return client.redirectUris.map((r) => ({
    uri: r.perServer === 'codex-callback-id' ? r.uri.replace('{codexCallbackId}', codexCallbackId(mcpUrl)) : r.uri,
    platform: r.platform,
  }));
}

/**
 * Pure: for one client that signs in with the "entra-mcp clients" registration, whether each of
 * its redirect URIs is registered there, on the right platform. Missing: AADSTS50011 at the
 * authorize endpoint. On Web instead of Mobile and desktop: the token endpoint then demands a
 * secret the client does not have (AADSTS7000218).
 */
export function checkClientRedirectUris(client: KnownMcpClient, mcpUrl: string, registered: RegisteredRedirects | undefined): Finding {
  const check = 'client-redirect-uri';
  if (client.signIn.kind !== 'entra-mcp-clients-registration') return skip(check, 'signs in with its own registration or through proxy mode', client.id);
  if (registered === undefined) return skip(check, 'the "entra-mcp clients" registration was not read (MCP_CLIENTS_CLIENT_ID not set)', client.id);
  const missing: string[] = [];
  const misplaced: string[] = [];
  for (const { uri, platform } of wantedRedirects(client, mcpUrl)) {
    if (registered[platform].some((r) => redirectMatches(r, uri))) continue;
    const elsewhere = (['publicClient', 'web', 'spa'] as const).find((p) => p !== platform && registered[p].some((r) => redirectMatches(r, uri)));
    (elsewhere === undefined ? missing : misplaced).push(`${uri} (${platform})`);
  }
  const platformName = (s: string) => s.replace('(publicClient)', 'on "Mobile and desktop applications"').replace('(web)', 'on "Web"');
  if (missing.length > 0) {
    return problem(check, 'fail', `redirect URI not registered: ${missing.join(', ')}`, `add ${missing.map(platformName).join(', ')} to the "entra-mcp clients" registration (Authentication → Add a platform, or npm run register-app)`, { code: 'AADSTS50011', client: client.id });
  }
  if (misplaced.length > 0) {
    return problem(check, 'fail', `redirect URI on the wrong platform: ${misplaced.join(', ')} is registered under another platform`, `move ${misplaced.map(platformName).join(', ')} on the "entra-mcp clients" registration`, { code: 'AADSTS7000218', client: client.id });
  }
  return ok(check, 'its redirect URIs are registered', client.id);
}
