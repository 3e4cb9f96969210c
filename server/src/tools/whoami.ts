import { z } from 'zod';
import { defineTool } from '../mcp/mcp-tool.ts';

export default defineTool({
  name: 'whoami',
  title: 'Who am I',
  description: 'The caller as the verified access token says: name, username, object id, tenant, calling client app, scopes and roles. Never the token.',
  inputSchema: z.object({}),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run(_input, caller) {
    if (caller === undefined) return { content: [{ type: 'text', text: 'Authentication is off: there is no caller.' }] };
    const identity = {
      name: caller.name ?? null,
      preferred_username: caller.preferredUsername ?? null,
      oid: caller.oid,
      tid: caller.tid,
      client_app_id: caller.clientAppId ?? null,
      kind: caller.kind,
      scopes: caller.scopes,
      roles: caller.roles,
      token_version: caller.tokenVersion,
      token_expires_at: new Date(caller.expiresAt * 1000).toISOString(),
    };
    return {
      content: [{ type: 'text', text: JSON.stringify(identity, null, 2) }],
      structuredContent: identity,
    };
  },
});
