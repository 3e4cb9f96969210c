import { startTestIssuer, CLIENT_ID } from '../test/support/test-issuer.ts';
import { startChildServer } from './child-server.ts';
import { load, INITIALIZE } from './load.ts';
const issuer = await startTestIssuer();
const env = { AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host };
const token = await issuer.mint({ exp: Math.floor(Date.now() / 1000) + 6 * 3600 });
const s = await startChildServer('auth-on', env);
console.log('start rss', Math.round(await s.rssMb()));
for (let i = 0; i < 5; i++) {
  const r = await load(s.url, INITIALIZE, { connections: 32, amount: 20000, token });
  console.log('after', (i + 1) * 20000, Math.round(r.requestsPerSecond), 'rps rss', Math.round(await s.rssMb()), r.non2xx);
}
await s.stop();
await issuer.close();
