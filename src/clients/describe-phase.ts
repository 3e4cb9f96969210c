import type { SignInPhase } from './sign-in-flow.ts';

/** Pure: the lines `npm run sign-in` prints for a phase, numbered so a person can follow. */
export function describePhase(p: SignInPhase): string {
  switch (p.phase) {
    case 'challenge':
      return `1. Called ${p.mcpUrl} without a token: ${p.status}\n   WWW-Authenticate names resource_metadata=${p.resourceMetadataUrl}${p.scope === undefined ? '' : `, scope=${p.scope}`}`;
    case 'resource-metadata':
      return `2. Protected resource metadata (RFC 9728): resource ${p.resource}\n   authorization server ${p.authorizationServers.join(', ')}; scopes ${p.scopesSupported.join(' ') || '(none listed)'}`;
    case 'authorization-server':
      return `3. Authorization server metadata (${p.kind === 'openid' ? 'OpenID Connect Discovery' : 'RFC 8414'}) at ${p.discoveryUrl}\n   issuer ${p.issuer}${p.entra ? ' (Entra: the resource is named in the scope, and no `resource` parameter is sent)' : ''}`;
    case 'authorize':
      return `4. Authorization Code + PKCE (S256), with state, as ${p.confidential ? 'a confidential client (client secret from .env)' : 'a public client (no secret)'}\n   client ${p.clientId}, redirect ${p.redirectUri}\n   scope ${p.scope || '(none: the server advertises none)'}${p.sendsResource ? '\n   resource sent (RFC 8707)' : ''}\n   Sign in here: ${p.url}`;
    case 'token':
      return `5. Code exchanged: access token for aud ${String(p.audience)}, scp ${String(p.scp)}, user ${String(p.name)}; expires ${p.expiresAt.toISOString()}`;
    case 'mcp':
      return `6. MCP: initialize → ${p.result.serverInfo?.name ?? '?'} ${p.result.serverInfo?.version ?? ''} (protocol ${p.result.protocolVersion ?? '?'})\n   tools/list → ${p.result.tools.join(', ')}\n   whoami → ${p.result.whoami ?? '(no whoami tool)'}`;
  }
}
