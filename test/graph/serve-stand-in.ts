/**
 * Starts the Graph / token / Key Vault stand-in over https and prints the environment to point
 * the scripts at it, for trying them by hand (and for the sample output in docs/graph-scripts.md):
 *
 *   node test/graph/serve-stand-in.ts > /tmp/stand-in.env &   # then: set -a; . /tmp/stand-in.env
 *
 * Faults from flags: --replication-delay <n> --sp-lag <n> --deny-writes --refuse-identifier-uris
 * --throttle <n> (n 429s with Retry-After: 1 on PATCH) --page-size <n> (collection page size, default 100)
 * --list-lag <n> (lists leave a new application out n times) --seed (an existing app with a password)
 * --pulumi-stack <s> (with --seed: the app carries that stack's marker in its notes)
 */
import { parseArgs } from 'node:util';
import { appRegistration, pulumiManagedMarker } from '../../src/registration/app-registration.ts';
import { addPasswordTo, newApplication } from './directory.ts';
import { createStandIn, makeTestTls, serveStandIn, writeFakeAz } from './stand-in.ts';

const { values } = parseArgs({
  options: {
    'replication-delay': { type: 'string' }, 'sp-lag': { type: 'string' }, 'deny-writes': { type: 'boolean' },
    'refuse-identifier-uris': { type: 'boolean' }, throttle: { type: 'string' }, 'page-size': { type: 'string' }, 'list-lag': { type: 'string' }, seed: { type: 'boolean' }, 'pulumi-stack': { type: 'string' },
  },
});
const standIn = createStandIn();
const faults = standIn.graph.faults;
faults.replicationDelay = Number(values['replication-delay'] ?? 0);
faults.servicePrincipalLag = Number(values['sp-lag'] ?? 0);
faults.denyWrites = values['deny-writes'] === true;
faults.refuseIdentifierUris = values['refuse-identifier-uris'] === true;
faults.pageSize = Number(values['page-size'] ?? 100);
faults.listLag = Number(values['list-lag'] ?? 0);
if (values.throttle !== undefined) faults.injected.push({ method: 'PATCH', times: Number(values.throttle), status: 429, code: 'TooManyRequests', message: 'Too many requests', retryAfter: '1' });
const tls = makeTestTls();
const served = await serveStandIn(standIn, tls);
const lines = [`NODE_EXTRA_CA_CERTS=${tls.caFile}`, `MICROSOFT_GRAPH_URL=${served.url}`, `AZURE_AUTHORITY_HOST=${served.url}`, `KEY_VAULT_URL=${served.url}`, `MICROSOFT_GRAPH_TOKEN=${standIn.directory.graphToken}`, `AZ_BIN=${writeFakeAz(tls.dir, standIn.directory, true)}`];
if (values.seed === true) {
  const app = newApplication(standIn.directory, { displayName: appRegistration.displayName });
  if (values['pulumi-stack'] !== undefined) app.notes = pulumiManagedMarker(values['pulumi-stack']);
  standIn.directory.applications.set(app.id as string, app);
  // With its service principal, as register-app leaves it: Entra issues no token without one.
  standIn.directory.servicePrincipals.set('seeded-sp', { id: 'seeded-sp', appId: app.appId, tags: [] });
  const pw = addPasswordTo(standIn.directory, app, { displayName: `${appRegistration.clientSecret.displayName} 2026-05-01`, startDateTime: '2026-05-01T00:00:00Z' });
  lines.push(`AZURE_TENANT_ID=${standIn.directory.tenantId}`, `AZURE_CLIENT_ID=${app.appId}`, `AZURE_CLIENT_SECRET=${pw.secretText}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
