import { startTestIssuer, CLIENT_ID } from '../test/support/test-issuer.ts';
import { startChildServer } from './child-server.ts';
import { load, TOOLS_LIST } from './load.ts';
const issuer = await startTestIssuer();
const env = { AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host };
const token = await issuer.mint({ exp: Math.floor(Date.now() / 1000) + 6 * 3600 });
for (const mode of ['auth-off', 'auth-on', 'auth-off', 'auth-on'] as const) {
  const s = await startChildServer(mode, env);
  const r = await load(s.url, TOOLS_LIST, { connections: 32, seconds: 3, ...(mode === 'auth-on' ? { token } : {}) });
  console.log(mode, Math.round(r.requestsPerSecond), 'rss', Math.round(await s.rssMb()));
  await s.stop();
}
await issuer.close();
