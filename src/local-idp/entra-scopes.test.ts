import { describe, expect, it } from 'vitest';
import { checkResourceParameter, parseEntraScope, type ApiResource } from './entra-scopes.ts';
import { localClients } from './local-clients.ts';
import { aadstsCodeOf } from './testing/aadsts-code-of.ts';

const API_ID = 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f';
const api: ApiResource = { clientId: API_ID, scopeValue: 'access_as_user', tenantId: 'f0c4a7e2-3d1b-4c8e-9a6f-0b2d4e6f8a1c' };
const [self, cli] = localClients(API_ID);

describe('parseEntraScope', () => {
  it('splits OIDC scopes from the API scope', () => {
    expect(parseEntraScope(`openid offline_access api://${API_ID}/access_as_user`, cli!, api)).toEqual({ oidcScopes: ['openid', 'offline_access'], apiScopes: [`api://${API_ID}/access_as_user`] });
  });

  it('answers AADSTS90009 when the app asks a token for itself with the api:// form', () => {
    expect(aadstsCodeOf(() => parseEntraScope(`api://${API_ID}/access_as_user`, self!, api))).toBe(90009);
    expect(parseEntraScope(`${API_ID}/access_as_user`, self!, api).apiScopes).toEqual([`${API_ID}/access_as_user`]);
  });

  it('answers 65005 for a scope the API does not expose, 500011 for an unknown resource, 70011 otherwise', () => {
    expect(aadstsCodeOf(() => parseEntraScope(`api://${API_ID}/admin`, cli!, api))).toBe(65005);
    expect(aadstsCodeOf(() => parseEntraScope('api://00000000-0000-0000-0000-000000000001/access_as_user', cli!, api))).toBe(500011);
    expect(aadstsCodeOf(() => parseEntraScope('User.Read', cli!, api))).toBe(70011);
    expect(aadstsCodeOf(() => parseEntraScope(undefined, cli!, api))).toBe(900144);
  });

  it('takes .default as Entra does', () => {
    expect(parseEntraScope(`api://${API_ID}/.default`, cli!, api).apiScopes).toHaveLength(1);
  });

  it('answers 70011 for .default beside a named scope', () => {
    expect(aadstsCodeOf(() => parseEntraScope(`openid api://${API_ID}/.default api://${API_ID}/access_as_user`, cli!, api))).toBe(70011);
    expect(aadstsCodeOf(() => parseEntraScope(`${API_ID}/access_as_user ${API_ID}/.default`, self!, api))).toBe(70011);
  });
});

describe('checkResourceParameter', () => {
  const scopes = parseEntraScope(`api://${API_ID}/access_as_user`, cli!, api);

  it('accepts no resource, or exactly an identifier URI of the scope\'s app', () => {
    expect(() => checkResourceParameter(undefined, scopes, api)).not.toThrow();
    expect(() => checkResourceParameter(`api://${API_ID}`, scopes, api)).not.toThrow();
  });

  it('refuses anything but an exact identifier URI: a trailing slash, the bare GUID', () => {
    expect(aadstsCodeOf(() => checkResourceParameter(`api://${API_ID}/`, scopes, api))).toBe(9010010);
    expect(aadstsCodeOf(() => checkResourceParameter(API_ID, scopes, api))).toBe(9010010);
  });

  it('takes the MCP URL once it is an identifier URI, with the scope named under either URI', () => {
    const mcp = 'http://localhost:8000/mcp';
    const withMcp: ApiResource = { ...api, identifierUris: [`api://${API_ID}`, mcp] };
    const underMcp = parseEntraScope(`${mcp}/access_as_user`, cli!, withMcp);
    expect(underMcp.apiScopes).toEqual([`${mcp}/access_as_user`]);
    expect(() => checkResourceParameter(mcp, underMcp, withMcp)).not.toThrow();
    expect(() => checkResourceParameter(mcp, parseEntraScope(`api://${API_ID}/access_as_user`, cli!, withMcp), withMcp)).not.toThrow();
    expect(aadstsCodeOf(() => checkResourceParameter(`${mcp}/`, underMcp, withMcp))).toBe(9010010);
    // The app asking for itself under the MCP URL is still the non-GUID form: AADSTS90009.
    expect(aadstsCodeOf(() => parseEntraScope(`${mcp}/access_as_user`, self!, withMcp))).toBe(90009);
    // Before it is added, a scope under the MCP URL names an unknown resource.
    expect(aadstsCodeOf(() => parseEntraScope(`${mcp}/access_as_user`, cli!, api))).toBe(500011);
  });

  it('answers AADSTS9010010 for the MCP server URL an RFC 8707 client sends', () => {
    expect(aadstsCodeOf(() => checkResourceParameter('http://localhost:8000/mcp', scopes, api))).toBe(9010010);
    expect(aadstsCodeOf(() => checkResourceParameter(`api://${API_ID}`, parseEntraScope('openid', cli!, api), api))).toBe(9010010);
  });
});
