import { describe, expect, it } from 'vitest';
import { detectMixedEnv } from './detect-mixed-env.ts';

const REAL_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const REAL_APP = '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const LOCAL = { tenantId: 'f0c4a7e2-3d1b-4c8e-9a6f-0b2d4e6f8a1c', clientId: 'c7d9e1f3-5a2b-4c6d-8e0f-1a3b5c7d9e2f' };
const LOCAL_AUTHORITY = 'http://127.0.0.1:8010';

describe('detectMixedEnv', () => {
  it('finds nothing in the local stack as npm run dev writes it, nor in a deployment as register-app and env:pull write it', () => {
    expect(detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000', AZURE_AUTHORITY_HOST: LOCAL_AUTHORITY, AZURE_TENANT_ID: LOCAL.tenantId, AZURE_CLIENT_ID: LOCAL.clientId }, { localIds: LOCAL })).toEqual([]);
    expect(detectMixedEnv({ MCP_SERVER_URL: 'https://mcp.contoso.com', AZURE_TENANT_ID: REAL_TENANT, AZURE_CLIENT_ID: REAL_APP }, { localIds: LOCAL })).toEqual([]);
    // Discovery through localhost where .env says 127.0.0.1: the same stack.
    expect(detectMixedEnv({ AZURE_AUTHORITY_HOST: LOCAL_AUTHORITY, AZURE_TENANT_ID: LOCAL.tenantId }, { discoveredAuthorizationServer: `http://localhost:8010/${LOCAL.tenantId}/v2.0` })).toEqual([]);
  });

  it('after register-app: the local server beside a real tenant and client id', () => {
    const found = detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000', AZURE_TENANT_ID: REAL_TENANT, AZURE_CLIENT_ID: REAL_APP }, { localIds: LOCAL });
    expect(found).toHaveLength(1);
    expect(found[0]!.names).toEqual(['MCP_SERVER_URL', 'AZURE_AUTHORITY_HOST', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
    expect(found[0]!.reason).toContain('https://login.microsoftonline.com');
  });

  it('the local authority beside a deployed server, and the local ids beside Entra', () => {
    expect(detectMixedEnv({ MCP_SERVER_URL: 'https://mcp.contoso.com', AZURE_AUTHORITY_HOST: LOCAL_AUTHORITY })[0]!.names).toEqual(['AZURE_AUTHORITY_HOST', 'MCP_SERVER_URL']);
    const found = detectMixedEnv({ AZURE_TENANT_ID: LOCAL.tenantId, AZURE_CLIENT_ID: REAL_APP }, { localIds: LOCAL });
    expect(found.map((d) => d.names)).toEqual([['AZURE_TENANT_ID', 'AZURE_AUTHORITY_HOST']]);
  });

  it('once the server has named its authorization server: another host, or another tenant, than .env names', () => {
    const local = detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000', AZURE_TENANT_ID: REAL_TENANT, AZURE_CLIENT_ID: REAL_APP }, { discoveredAuthorizationServer: `http://localhost:8010/${LOCAL.tenantId}/v2.0`, localIds: LOCAL });
    expect(local).toHaveLength(1);
    expect(local[0]!.names).toEqual(['MCP_SERVER_URL', 'AZURE_AUTHORITY_HOST', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID']);
    expect(local[0]!.reason).toContain(`http://localhost:8010/${LOCAL.tenantId}/v2.0`);
    const otherTenant = detectMixedEnv({ AZURE_TENANT_ID: REAL_TENANT }, { discoveredAuthorizationServer: 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0' });
    expect(otherTenant.map((d) => d.names)).toEqual([['MCP_SERVER_URL', 'AZURE_TENANT_ID']]);
    // Nothing in .env names an authority (sign-in --server … --client-id …): nothing to disagree with.
    expect(detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000' }, { discoveredAuthorizationServer: `http://localhost:8010/${LOCAL.tenantId}/v2.0` })).toEqual([]);
    // A server run on this machine against real Entra is not a mix-up once its answer is known.
    expect(detectMixedEnv({ MCP_SERVER_URL: 'http://localhost:8000', AZURE_TENANT_ID: REAL_TENANT, AZURE_CLIENT_ID: REAL_APP }, { discoveredAuthorizationServer: `https://login.microsoftonline.com/${REAL_TENANT}/v2.0` })).toEqual([]);
  });
});
