/**
 * Client ID Metadata Documents: the client id is an https URL the proxy fetches. The
 * dev stack's exemption (an option in code) lets it fetch from loopback, still over https
 * with a certificate checked against an injected CA; without it, oidc-provider's SSRF
 * defence refuses loopback even when the certificate is trusted.
 */
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieBrowser } from './helpers/cookie-browser.ts';
import { startDocumentHost, type DocumentHost } from './helpers/https-document-host.ts';
import { approve, authorizeUrl, CLIENT_REDIRECT, openConsent, pkce, token } from './helpers/proxy-flow.ts';
import { startProxyStack, type ProxyStack } from './helpers/proxy-stack.ts';

let host: DocumentHost;
let exempt: ProxyStack;
let production: ProxyStack;
beforeAll(async () => {
  host = await startDocumentHost();
  [exempt, production] = await Promise.all([startProxyStack({ loopbackMetadataDocuments: { ca: host.ca } }), startProxyStack()]);
});
afterAll(async () => {
  await Promise.all([exempt?.close(), production?.close(), host?.close()]);
});

const documentFor = (clientId: string, extra: Record<string, unknown> = {}) => ({
  client_id: clientId,
  client_name: 'Document Client',
  redirect_uris: [CLIENT_REDIRECT],
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  ...extra,
});

async function authorizeAs(stack: ProxyStack, clientId: string) {
  const { verifier, challenge } = pkce();
  const browser = new CookieBrowser();
  const page = await openConsent(browser, authorizeUrl(stack.origin, { client_id: clientId, redirect_uri: CLIENT_REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', resource: stack.mcpResource, scope: 'access_as_user' }));
  return { browser, page, verifier };
}

describe('Client ID Metadata Documents', () => {
  it('the metadata advertises them', async () => {
    const metadata = (await (await fetch(`${production.origin}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata['client_id_metadata_document_supported']).toBe(true);
  });

  it('with the exemption, a loopback https document is fetched: the consent page names its client, and the token names the document URL as azp', async () => {
    const clientId = `${host.origin}/clients/good.json`;
    host.serve('/clients/good.json', documentFor(clientId));
    const { browser, page, verifier } = await authorizeAs(exempt, clientId);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<span id="client-name">Document Client</span>');
    expect(host.requests).toContain('/clients/good.json');
    const redirect = await approve(browser, page);
    const answer = await token(exempt.origin, { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, code_verifier: verifier, client_id: clientId, redirect_uri: CLIENT_REDIRECT, resource: exempt.mcpResource });
    expect(answer.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(answer.body['access_token']).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ azp: clientId, aud: exempt.mcpResource, name: 'Megan Bowen' });
  });

  it('with the exemption, a document over 5 KiB is refused (invalid_client, no consent page)', async () => {
    const clientId = `${host.origin}/clients/large.json`;
    host.serve('/clients/large.json', documentFor(clientId, { client_uri: `https://example.com/${'a'.repeat(6000)}` }));
    const { page } = await authorizeAs(exempt, clientId);
    expect(page.html).toContain('invalid_client');
    expect(page.html).not.toContain('id="client-name"');
    expect(host.requests).toContain('/clients/large.json');
  });

  it('with the exemption, a document whose client_id is another URL is refused', async () => {
    const clientId = `${host.origin}/clients/other.json`;
    host.serve('/clients/other.json', documentFor(`${host.origin}/clients/good.json`));
    const { page } = await authorizeAs(exempt, clientId);
    expect(page.html).toContain('invalid_client');
    expect(host.requests).toContain('/clients/other.json');
  });

  it('with the exemption, a document breaking the registration policy (a web client on plain http) is refused', async () => {
    const clientId = `${host.origin}/clients/web-http.json`;
    host.serve('/clients/web-http.json', documentFor(clientId, { application_type: 'web', redirect_uris: ['http://app.example/callback'] }));
    const { page } = await authorizeAs(exempt, clientId);
    expect(page.html).toContain('invalid_client');
    expect(page.html).not.toContain('id="client-name"');
    expect(host.requests).toContain('/clients/web-http.json');
  });

  it('an http client id is no document: never fetched, the client is unknown', async () => {
    const before = host.requests.length;
    const clientId = `${host.origin.replace('https:', 'http:')}/clients/good.json`;
    const { page } = await authorizeAs(exempt, clientId);
    expect(page.html).toContain('invalid_client');
    expect(host.requests.length).toBe(before);
  });

  it('without the exemption, a loopback document is refused even with its certificate trusted: the connection is cut before the request', async () => {
    const clientId = `${host.origin}/clients/production.json`;
    host.serve('/clients/production.json', documentFor(clientId));
    const defaults = getCACertificates('default');
    setDefaultCACertificates([...defaults, host.ca]);
    try {
      // The certificate is trusted: a plain fetch gets the document.
      expect((await fetch(clientId)).status).toBe(200);
      const before = host.requests.length;
      const { page } = await authorizeAs(production, clientId);
      expect(page.html).toContain('invalid_client');
      expect(page.html).not.toContain('id="client-name"');
      expect(host.requests.length).toBe(before);
    } finally {
      setDefaultCACertificates(defaults);
    }
  });
});
