import { DEFAULT_AUTHORITY_HOST, entraV2Issuer, isGuid, isLoopbackHttpUrl } from '../../server/src/entra/index.ts';

/** The merged settings a client command runs with; undefined where nothing set a value. */
export interface MixedEnvSettings {
  readonly MCP_SERVER_URL?: string | undefined;
  readonly AZURE_AUTHORITY_HOST?: string | undefined;
  readonly AZURE_TENANT_ID?: string | undefined;
  readonly AZURE_CLIENT_ID?: string | undefined;
}

/** What is known beyond the settings. */
export interface MixedEnvFacts {
  /** The authorization server the MCP server names in its RFC 9728 metadata, once fetched. */
  readonly discoveredAuthorizationServer?: string | undefined;
  /** The local stack's fixed ids (`npm run dev`), to recognise them beside Entra. */
  readonly localIds?: { readonly tenantId: string; readonly clientId: string };
}

/** Values that belong to different deployments, and why they cannot go together. */
export interface Disagreement {
  readonly names: readonly string[];
  readonly reason: string;
}

const V2_ISSUER = /^(https?:\/\/[^/]+)\/([^/]+)\/v2\.0\/?$/;

/** The origin, with every loopback name read as one (`localhost` and `127.0.0.1` are the same stack). */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return isLoopbackHttpUrl(u) ? `http://loopback:${u.port || '80'}` : u.origin;
  } catch {
    return undefined;
  }
}

/**
 * Pure: which settings disagree about where the user signs in. `npm run dev` writes the
 * local stack into `.env`, `npm run register-app` writes a real tenant and client id
 * beside it; a command that pairs the local server with a real client id sends the user
 * to a sign-in that can only fail (AADSTS700016). Each rule names the variables involved:
 * a local server or authority beside Entra settings, the local stack's ids beside Entra,
 * and (once known) an authorization server that is not the one `.env` names.
 * An unset AZURE_AUTHORITY_HOST means Entra's public cloud, as for every command.
 *
 * @example
 * ```ts
 * detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000', AZURE_TENANT_ID: realTenant, AZURE_CLIENT_ID: realApp });
 * // [{ names: ['MCP_SERVER_URL', 'AZURE_AUTHORITY_HOST', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID'], reason: '…' }]
 * ```
 */
export function detectMixedEnv(settings: MixedEnvSettings, facts: MixedEnvFacts = {}): Disagreement[] {
  const found: Disagreement[] = [];
  const authority = settings.AZURE_AUTHORITY_HOST ?? DEFAULT_AUTHORITY_HOST;
  const localAuthority = isLoopbackHttpUrl(authority);
  const server = settings.MCP_SERVER_URL;
  const ids = (['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const).filter((n) => settings[n] !== undefined);
  const discovered = facts.discoveredAuthorizationServer;

  const local = facts.localIds;
  const localIdNames = local === undefined ? [] : ids.filter((n) => settings[n]!.toLowerCase() === (n === 'AZURE_TENANT_ID' ? local.tenantId : local.clientId).toLowerCase());
  if (!localAuthority && localIdNames.length > 0) {
    found.push({ names: [...localIdNames, 'AZURE_AUTHORITY_HOST'], reason: `${localIdNames.join(' and ')} ${localIdNames.length > 1 ? 'are' : 'is'} the local stack's (npm run dev), but AZURE_AUTHORITY_HOST is ${authority}, which does not know ${localIdNames.length > 1 ? 'them' : 'it'}` });
  }
  // Without the server's own answer, a loopback server beside Entra ids is the likely mix-up.
  if (discovered === undefined && server !== undefined) {
    if (isLoopbackHttpUrl(server) && !localAuthority && ids.length > localIdNames.length) {
      found.push({ names: ['MCP_SERVER_URL', 'AZURE_AUTHORITY_HOST', ...ids], reason: `MCP_SERVER_URL is a server on this machine (${server}) while ${ids.join(' and ')} ${ids.length > 1 ? 'are' : 'is'} for ${authority}: the local stack's server accepts only the local provider's tokens` });
    } else if (!isLoopbackHttpUrl(server) && localAuthority) {
      found.push({ names: ['AZURE_AUTHORITY_HOST', 'MCP_SERVER_URL'], reason: `AZURE_AUTHORITY_HOST is the local identity provider (${authority}) while MCP_SERVER_URL is ${server}, which does not accept its tokens` });
    }
  }
  // Only settings that name an authority (a host, or a tenant on the default host) can disagree with the server's.
  if (discovered !== undefined && (settings.AZURE_AUTHORITY_HOST !== undefined || settings.AZURE_TENANT_ID !== undefined)) {
    const m = V2_ISSUER.exec(discovered);
    const sameOrigin = originOf(discovered) === originOf(authority);
    const tenant = settings.AZURE_TENANT_ID;
    const otherTenant = m !== null && tenant !== undefined && isGuid(tenant) && isGuid(m[2]!) && tenant.toLowerCase() !== m[2]!.toLowerCase();
    if (!sameOrigin || otherTenant) {
      const names = !sameOrigin ? ['MCP_SERVER_URL', 'AZURE_AUTHORITY_HOST', ...ids] : ['MCP_SERVER_URL', 'AZURE_TENANT_ID'];
      const expected = tenant === undefined ? authority : entraV2Issuer(authority, tenant);
      found.push({ names, reason: `the server at MCP_SERVER_URL sends sign-ins to ${discovered}, but .env's ${names.slice(1).join(', ')} name ${expected}` });
    }
  }
  return found;
}
