import { performance } from 'node:perf_hooks';
import { startDevStack } from '../src/local-idp/dev-stack.ts';
import { SIGN_IN_REDIRECT_URI } from '../src/registration/app-registration.ts';
import { CookieBrowser } from '../test/proxy/helpers/cookie-browser.ts';
import { approve, authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, registerNative, token } from '../test/proxy/helpers/proxy-flow.ts';

/** One kind of sign-in: median milliseconds, and the HTTP requests it took (every one, by whoever made it). */
export interface SignInCost {
  readonly ms: number;
  readonly requests: number;
  /** Of those, requests the MCP server answered, and the identity provider. */
  readonly toServer: number;
  readonly toIdp: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}

/**
 * What one full sign-in costs against `npm run dev` (in this process, automation mode), in
 * proxy mode (a fresh client registers, consents, the proxy signs in at the provider,
 * redeems its code and issues its own tokens) beside direct mode (the app's own public client
 * at the provider, as `npm run sign-in` does; the GUID scope form, since the app asks for itself: AADSTS90009), alternating so noise hits both alike. The
 * global `fetch` is counted, so requests the proxy makes to the provider count too.
 */
export async function measureProxySignIn(count: number): Promise<{ proxy: SignInCost; direct: SignInCost }> {
  const realFetch = globalThis.fetch;
  const hosts = new Map<string, number>();
  globalThis.fetch = (input, init) => {
    const host = new URL(input instanceof Request ? input.url : input).host;
    hosts.set(host, (hosts.get(host) ?? 0) + 1);
    return realFetch(input, init);
  };
  // Each measured proxy sign-in registers a fresh client, as a first-time MCP client does; the
  // default limit (20 registrations an hour per address) would refuse the bench's own traffic.
  const stack = await startDevStack({
    idpPort: 0, serverPort: 0, autoSignIn: 'adele', authMode: 'proxy', env: { LOG_LEVEL: 'silent', MCP_PROXY_REGISTRATIONS_PER_HOUR: String(2 * count + 10) },
  });
  const server = new URL(stack.serverUrl).host;
  const idp = new URL(stack.issuer).host;
  const mcp = `${stack.serverUrl}/mcp`;

  const proxySignIn = async (): Promise<void> => {
    const clientId = await registerNative(stack.serverUrl, 'bench client');
    const { verifier, challenge } = pkce();
    const browser = new CookieBrowser();
    const page = await openConsent(browser, authorizeUrl(stack.serverUrl, { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', resource: mcp, scope: 'access_as_user' }));
    const code = (await approve(browser, page)).searchParams.get('code');
    const answer = await token(stack.serverUrl, { grant_type: 'authorization_code', code: code ?? '', code_verifier: verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: mcp });
    if (answer.status !== 200) throw new Error(`proxy sign-in failed: ${JSON.stringify(answer.body)}`);
  };
  const directSignIn = async (): Promise<void> => {
    const { verifier, challenge } = pkce();
    const url = new URL(`${stack.issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/authorize`);
    const params = { client_id: stack.clientId, response_type: 'code', redirect_uri: SIGN_IN_REDIRECT_URI, scope: `${stack.clientId}/access_as_user offline_access`, code_challenge: challenge, code_challenge_method: 'S256', state: 's' };
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const { url: back } = await new CookieBrowser().follow(url, (u) => u.href.startsWith(SIGN_IN_REDIRECT_URI));
    const response = await fetch(`${stack.issuer.replace(/\/v2\.0$/, '')}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: stack.clientId, code: back.searchParams.get('code') ?? '', code_verifier: verifier, redirect_uri: SIGN_IN_REDIRECT_URI }),
    });
    if (response.status !== 200) throw new Error(`direct sign-in failed: ${await response.text()}`);
  };

  const samples = { proxy: { ms: [] as number[], server: 0, idp: 0 }, direct: { ms: [] as number[], server: 0, idp: 0 } };
  try {
    await proxySignIn(); // warm both paths (JIT, the server's key fetch) before counting
    await directSignIn();
    for (let i = 0; i < count; i++) {
      for (const [name, run] of [['proxy', proxySignIn], ['direct', directSignIn]] as const) {
        hosts.clear();
        const started = performance.now();
        await run();
        samples[name].ms.push(performance.now() - started);
        samples[name].server += hosts.get(server) ?? 0;
        samples[name].idp += hosts.get(idp) ?? 0;
      }
    }
  } finally {
    globalThis.fetch = realFetch;
    await stack.close();
  }
  const cost = (s: typeof samples.proxy): SignInCost => ({ ms: median(s.ms), requests: (s.server + s.idp) / count, toServer: s.server / count, toIdp: s.idp / count });
  return { proxy: cost(samples.proxy), direct: cost(samples.direct) };
}
