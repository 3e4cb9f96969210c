/**
 * The project's sign-in client (`npm run sign-in`'s flow, src/clients/sign-in-flow.ts) as a
 * client under test for `@modelcontextprotocol/conformance`
 * (https://github.com/modelcontextprotocol/conformance#testing-clients): the harness appends
 * the MCP URL to the command and passes a pre-registered client's credentials, where the
 * scenario has one, in MCP_CONFORMANCE_CONTEXT. Its authorization server approves without a
 * person, so the authorization URL is followed by HTTP redirects instead of a browser.
 * Exit status 0 when signed in and the MCP calls succeeded, 1 otherwise (the reason on stderr).
 */
import { signIn } from '../../src/clients/sign-in-flow.ts';
import { serverBase } from '../../src/clients/client-settings.ts';

/** The client id the conformance authorization server is given when the scenario pre-registers none (it accepts any). */
const DEFAULT_CLIENT_ID = 'entra-mcp-conformance-client';

interface ConformanceContext {
  readonly client_id?: string;
  readonly client_secret?: string;
}

function contextOf(json: string | undefined): ConformanceContext {
  if (json === undefined || json.trim() === '') return {};
  return JSON.parse(json) as ConformanceContext;
}

/** Follows the authorization URL's redirects (as a browser would) until one reaches the loopback callback. */
async function followRedirects(url: string): Promise<void> {
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(next, { redirect: 'manual' });
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return;
    next = new URL(location, next).href;
  }
  throw new Error(`more than 10 redirects from ${url}`);
}

const mcpUrl = process.argv[2];
if (mcpUrl === undefined) {
  process.stderr.write('usage: conformance-client.ts <mcp-url> (the conformance harness appends it)\n');
  process.exit(2);
}
const context = contextOf(process.env.MCP_CONFORMANCE_CONTEXT);
try {
  const result = await signIn({
    serverUrl: serverBase(mcpUrl),
    clientId: context.client_id ?? DEFAULT_CLIENT_ID,
    preRegisteredClientSecret: context.client_secret,
    callbackPort: 0,
    callbackTimeoutMs: 10_000,
    openAuthorizationUrl: followRedirects,
    onPhase: (p) => process.stderr.write(`${p.phase}\n`),
  });
  process.stdout.write(`${JSON.stringify({ tools: result.mcp.tools })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exit(1);
}
