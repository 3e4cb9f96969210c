import { describe, expect, test } from 'vitest';
import { loadScriptSettings } from './script-settings.ts';

const T1 = '11111111-1111-1111-1111-111111111111';
const T2 = '22222222-2222-2222-2222-222222222222';
const T3 = '33333333-3333-3333-3333-333333333333';

describe('loadScriptSettings', () => {
  test('flags win over the environment, which wins over .env', () => {
    expect(loadScriptSettings({ AZURE_TENANT_ID: T1 }, { AZURE_TENANT_ID: T2 }, { tenant: T3 }).tenantId).toBe(T3);
    expect(loadScriptSettings({ AZURE_TENANT_ID: T1 }, { AZURE_TENANT_ID: T2 }, {}).tenantId).toBe(T2);
    expect(loadScriptSettings({ AZURE_TENANT_ID: T1 }, {}, {}).tenantId).toBe(T1);
  });
  test('defaults', () => {
    const s = loadScriptSettings({}, {}, {});
    expect(s).toMatchObject({ graphUrl: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com', auth: 'azure-cli', keyVaultSecretName: 'entra-mcp-client-secret' });
    expect(s.graphToken).toBeUndefined();
  });
  test('bad values fail naming the key', () => {
    expect(() => loadScriptSettings({ AZURE_CLIENT_ID: 'entra-mcp' }, {}, {})).toThrow(/AZURE_CLIENT_ID/);
    expect(() => loadScriptSettings({}, { MICROSOFT_GRAPH_URL: 'http://127.0.0.1:1' }, {})).toThrow(/MICROSOFT_GRAPH_URL must be an https URL/);
    expect(() => loadScriptSettings({}, { POWER_PLATFORM_CONNECTOR_REDIRECT_URI: 'https://x.consent.azure-apim.net.evil.example/redirect/a' }, {})).toThrow(/POWER_PLATFORM_CONNECTOR_REDIRECT_URI expected https:\/\/<region>/);
    expect(() => loadScriptSettings({}, {}, { auth: 'magic' })).toThrow(/--auth/);
    expect(() => loadScriptSettings({}, { KEY_VAULT_SECRET_NAME: 'a_b' }, {})).toThrow(/KEY_VAULT_SECRET_NAME/);
  });
  test('hosts that receive secrets and tokens: Microsoft clouds and https loopback stand-ins; others only by flag, with a warning', () => {
    for (const host of ['https://login.microsoftonline.us', 'https://login.chinacloudapi.cn', 'https://login.partner.microsoftonline.cn/', 'https://127.0.0.1:9443']) {
      expect(loadScriptSettings({}, { AZURE_AUTHORITY_HOST: host }, {}).warnings).toEqual([]);
    }
    for (const graph of ['https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn', 'https://localhost:9443']) {
      expect(loadScriptSettings({}, { MICROSOFT_GRAPH_URL: graph }, {}).graphUrl).toBe(graph);
    }
    // Plain http: never, not even loopback (the local provider's authority is dropped from .env before this).
    expect(() => loadScriptSettings({}, { AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9000/' }, {})).toThrow(/AZURE_AUTHORITY_HOST must be an https URL/);
    // Look-alikes of Microsoft hosts and of loopback.
    for (const host of ['https://login.microsoftonline.com.evil.example', 'https://evil-login.microsoftonline.com', 'https://127.evil.com', 'https://login.microsoftonline.com:8443', 'https://login.microsoftonline.de']) {
      expect(() => loadScriptSettings({}, { AZURE_AUTHORITY_HOST: host }, {}), host).toThrow(/AZURE_AUTHORITY_HOST is .* not a Microsoft host/);
    }
    expect(() => loadScriptSettings({}, { MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com.evil.example' }, {})).toThrow(/MICROSOFT_GRAPH_URL is https:\/\/graph.microsoft.com.evil.example, which is not a Microsoft host/);
    const allowed = loadScriptSettings({}, { MICROSOFT_GRAPH_URL: 'https://graph.contoso.example' }, { 'allow-graph-host': ['graph.contoso.example'] });
    expect(allowed.warnings).toEqual(['warning: MICROSOFT_GRAPH_URL is https://graph.contoso.example, not a Microsoft host; --allow-graph-host graph.contoso.example lets your Graph access token go there.']);
  });
});
