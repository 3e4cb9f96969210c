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
    expect(() => loadScriptSettings({}, {}, { auth: 'magic' })).toThrow(/--auth/);
    expect(() => loadScriptSettings({}, { KEY_VAULT_SECRET_NAME: 'a_b' }, {})).toThrow(/KEY_VAULT_SECRET_NAME/);
  });
  test('http authority only on loopback (the local identity provider)', () => {
    expect(loadScriptSettings({}, { AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9000/' }, {}).authorityHost).toBe('http://127.0.0.1:9000');
    expect(() => loadScriptSettings({}, { AZURE_AUTHORITY_HOST: 'http://login.example.com' }, {})).toThrow(/AZURE_AUTHORITY_HOST/);
  });
});
